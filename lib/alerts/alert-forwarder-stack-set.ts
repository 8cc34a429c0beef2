import type * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { memberStackSet } from '../constructs/member-stack-set';
import { alertForwarderTemplate, type ForwarderTemplateProps } from './forwarder-template';

export interface AlertForwarderStackSetProps extends ForwarderTemplateProps {
  readonly stackSetName: string;
  /** Organization root or OU IDs whose accounts, present and future, forward their events. */
  readonly targets: readonly string[];
  /** Every region whose events are forwarded. */
  readonly regions: readonly string[];
}

/**
 * The forwarding rules in every member account and watched region, through a
 * service-managed StackSet with automatic deployment, created by the audit
 * account as the StackSets delegated administrator. A new account forwards its
 * events from the moment it joins, without anyone deploying.
 */
export class AlertForwarderStackSet extends Construct {
  readonly stackSet: cdk.CfnStackSet;

  constructor(scope: Construct, id: string, props: AlertForwarderStackSetProps) {
    super(scope, id);
    this.stackSet = memberStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: "Landing zone: forwards every member account's security events to the audit alert bus",
      targets: props.targets,
      regions: props.regions,
      template: alertForwarderTemplate(props),
    });
  }
}

import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
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
    if (props.targets.length === 0) throw new Error('targets must name at least one root or OU ID, got none');
    if (props.regions.length === 0) throw new Error('regions must name at least one region, got none');

    this.stackSet = new cdk.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: "Landing zone: forwards every member account's security events to the audit alert bus",
      permissionModel: 'SERVICE_MANAGED',
      callAs: 'DELEGATED_ADMIN',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        maxConcurrentPercentage: 100,
        // One account that fails stays visible as OUTDATED instead of rolling back the rest.
        failureTolerancePercentage: 10,
      },
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: [...props.targets] }, regions: [...props.regions] },
      ],
      templateBody: JSON.stringify(alertForwarderTemplate(props)),
    });
  }
}

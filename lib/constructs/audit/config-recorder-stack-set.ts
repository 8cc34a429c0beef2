import type * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { memberStackSet } from '../member-stack-set';
import {
  configRecorderTemplate,
  type ConfigRecorderTemplateProps,
  DELIVERY_KEY_PARAMETER,
} from './config-recorder-template';

export interface ConfigRecorderStackSetProps extends ConfigRecorderTemplateProps {
  readonly stackSetName: string;
  /** Organization root or OU IDs whose accounts, present and future, get a recorder. */
  readonly targets: readonly string[];
  /** Every region recorded, the home region included. */
  readonly regions: readonly string[];
  /** ARN of the key that encrypts deliveries (a key ARN: AWS Config takes no alias). */
  readonly deliveryKeyArn: string;
}

/**
 * AWS Config recording in every member account and governed region, through a
 * service-managed StackSet with automatic deployment: an account that joins a
 * target OU is covered without anyone deploying, and one that leaves loses
 * its stack instances. It is created by the audit account as the StackSets
 * delegated administrator (`CallAs: DELEGATED_ADMIN`), so the management
 * account runs no security tooling. StackSets never deploy to the
 * management account itself.
 */
export class ConfigRecorderStackSet extends Construct {
  readonly stackSet: cdk.CfnStackSet;

  constructor(scope: Construct, id: string, props: ConfigRecorderStackSetProps) {
    super(scope, id);
    if (!props.regions.includes(props.homeRegion)) {
      throw new Error(`regions must include the home region ${props.homeRegion}, got ${props.regions.join(', ')}`);
    }
    this.stackSet = memberStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: 'Landing zone: AWS Config recorder and delivery channel in every member account and governed region',
      targets: props.targets,
      regions: props.regions,
      template: configRecorderTemplate(props),
      parameters: { [DELIVERY_KEY_PARAMETER]: props.deliveryKeyArn },
    });
  }
}

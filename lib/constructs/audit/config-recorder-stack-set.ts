import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { configRecorderTemplate, type ConfigRecorderTemplateProps } from './config-recorder-template';

export interface ConfigRecorderStackSetProps extends ConfigRecorderTemplateProps {
  readonly stackSetName: string;
  /** Organization root or OU IDs whose accounts, present and future, get a recorder. */
  readonly targets: readonly string[];
  /** Every region recorded, the home region included. */
  readonly regions: readonly string[];
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
    if (props.targets.length === 0) throw new Error('targets must name at least one root or OU ID, got none');

    this.stackSet = new cdk.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: 'Landing zone: AWS Config recorder and delivery channel in every member account and governed region',
      permissionModel: 'SERVICE_MANAGED',
      callAs: 'DELEGATED_ADMIN',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        maxConcurrentPercentage: 100,
        // An account that already runs a recorder of its own fails alone and stays
        // visible as OUTDATED, instead of rolling back every other account.
        failureTolerancePercentage: 10,
      },
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: [...props.targets] }, regions: [...props.regions] },
      ],
      templateBody: JSON.stringify(configRecorderTemplate(props)),
    });
  }
}

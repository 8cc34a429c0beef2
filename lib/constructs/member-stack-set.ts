import * as cdk from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface MemberStackSetProps {
  readonly stackSetName: string;
  readonly description: string;
  /** Organization root or OU IDs whose accounts, present and future, get a stack instance. */
  readonly targets: readonly string[];
  readonly regions: readonly string[];
  /** The template every instance runs, as a plain object. */
  readonly template: object;
  /** Values of the template's parameters, the same for every instance. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * A service-managed StackSet that the audit account runs as the StackSets
 * delegated administrator: it auto-deploys to every account that joins a
 * target and removes its instances from accounts that leave. One account
 * failing (say, one that already has its own resource of the same name) stays
 * visible as OUTDATED instead of rolling back every other account.
 */
export function memberStackSet(scope: Construct, id: string, props: MemberStackSetProps): cdk.CfnStackSet {
  if (props.targets.length === 0) throw new Error('targets must name at least one root or OU ID, got none');
  if (props.regions.length === 0) throw new Error('regions must name at least one region, got none');
  return new cdk.CfnStackSet(scope, id, {
    stackSetName: props.stackSetName,
    description: props.description,
    permissionModel: 'SERVICE_MANAGED',
    callAs: 'DELEGATED_ADMIN',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    managedExecution: { Active: true },
    capabilities: ['CAPABILITY_NAMED_IAM'],
    operationPreferences: {
      regionConcurrencyType: 'PARALLEL',
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      maxConcurrentPercentage: 100,
      failureTolerancePercentage: 10,
    },
    stackInstancesGroup: [
      { deploymentTargets: { organizationalUnitIds: [...props.targets] }, regions: [...props.regions] },
    ],
    templateBody: JSON.stringify(props.template),
    parameters: stackSetParameters(props.parameters),
  });
}

/** A StackSet's parameter values, as CloudFormation takes them. */
export function stackSetParameters(
  values: Readonly<Record<string, string>> | undefined,
): cdk.CfnStackSet.ParameterProperty[] | undefined {
  return values && Object.entries(values).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue }));
}

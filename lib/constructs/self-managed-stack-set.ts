import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { stackSetParameters } from './member-stack-set';

/**
 * What CloudFormation's role handler calls on a named role of a StackSet's
 * template, for the execution role to grant on that role's name pattern.
 */
export const TEMPLATE_ROLE_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:GetRolePolicy',
];

export interface SelfManagedStackSetProps {
  readonly stackSetName: string;
  readonly description: string;
  /** The regions of this account that get a stack instance. */
  readonly regions: readonly string[];
  /**
   * Regions an account must opt in to. CloudFormation reaches a stack
   * instance there as its regional service principal, which the
   * administration role must trust as well; those among `regions` are.
   * @default - none
   */
  readonly optInRegions?: readonly string[];
  /** The role CloudFormation assumes to run the StackSet's operations. */
  readonly administrationRoleName: string;
  /** The role the administration role assumes to deploy the stack instances. */
  readonly executionRoleName: string;
  /** What the execution role deploys, for its description: "the forwarder roles, policies and rules". */
  readonly executionScope: string;
  /** What deploying the template's resources takes, by their names; CloudFormation on the instances is added. */
  readonly executionStatements: readonly iam.PolicyStatement[];
  /** The template every instance runs, as a plain object. */
  readonly template: object;
  /** Values of the template's parameters, the same for every instance. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface SelfManagedStackSet {
  readonly stackSet: cdk.CfnStackSet;
  readonly administrationRole: iam.Role;
  readonly executionRole: iam.Role;
  readonly executionPolicy: iam.ManagedPolicy;
}

/**
 * A StackSet that deploys to this very account, in several regions, with its
 * own administration and execution roles (self-managed permissions; the
 * service-managed kind never deploys to the management account, nor to the
 * StackSets delegated administrator itself). CloudFormation alone, and only
 * for this StackSet, may assume the administration role, which alone may
 * assume the execution role, which may touch only this StackSet's stack
 * instances and what `executionStatements` grants.
 */
export function selfManagedStackSet(scope: Construct, props: SelfManagedStackSetProps): SelfManagedStackSet {
  if (props.regions.length === 0) throw new Error('regions must name at least one region, got none');
  const stack = cdk.Stack.of(scope);
  const account = stack.account;
  const regions = [...props.regions];
  const optInRegions = (props.optInRegions ?? []).filter((region) => regions.includes(region));

  const administrationRole = new iam.Role(scope, 'AdministrationRole', {
    roleName: props.administrationRoleName,
    description: `Lets CloudFormation run the ${props.stackSetName} StackSet, and nothing else`,
    // Only this StackSet may make CloudFormation assume the role (confused-deputy mitigation).
    assumedBy: new iam.CompositePrincipal(
      ...['cloudformation.amazonaws.com', ...optInRegions.map((r) => `cloudformation.${r}.amazonaws.com`)].map(
        (service) => new iam.ServicePrincipal(service),
      ),
    ).withConditions({
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: {
        'aws:SourceArn': `arn:aws:cloudformation:${stack.region}:${account}:stackset/${props.stackSetName}:*`,
      },
    }),
  });
  const executionRoleArn = `arn:aws:iam::${account}:role/${props.executionRoleName}`;
  const administrationPolicy = new iam.ManagedPolicy(scope, 'AdministrationPolicy', {
    description: `Assume the ${props.executionRoleName} role, nothing else`,
    statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [executionRoleArn] })],
    roles: [administrationRole],
  });

  const executionRole = new iam.Role(scope, 'ExecutionRole', {
    roleName: props.executionRoleName,
    description: `Deploys the ${props.stackSetName} StackSet's ${props.executionScope}, nothing else`,
    assumedBy: new iam.ArnPrincipal(administrationRole.roleArn),
  });
  // StackSets names each stack instance `StackSet-<name>-<id>`.
  const instances = `arn:aws:cloudformation:*:${account}:stack/StackSet-${props.stackSetName}-*`;
  const executionPolicy = new iam.ManagedPolicy(scope, 'ExecutionPolicy', {
    description: `Create, update and delete the ${props.stackSetName} StackSet's stacks and their resources`,
    statements: [
      // AWS documents full CloudFormation permissions as an execution role's minimum; here on its own stacks only.
      new iam.PolicyStatement({ sid: 'StackInstances', actions: ['cloudformation:*'], resources: [instances] }),
      new iam.PolicyStatement({
        sid: 'ValidateTemplate',
        // Neither action accepts a resource narrower than '*' when given a template body.
        actions: ['cloudformation:ValidateTemplate', 'cloudformation:GetTemplateSummary'],
        resources: ['*'],
      }),
      ...props.executionStatements,
    ],
    roles: [executionRole],
  });
  acknowledgeStackInstances(executionPolicy, instances);

  const stackSet = new cdk.CfnStackSet(scope, 'Resource', {
    stackSetName: props.stackSetName,
    description: props.description,
    permissionModel: 'SELF_MANAGED',
    administrationRoleArn: administrationRole.roleArn,
    executionRoleName: executionRole.roleName,
    managedExecution: { Active: true },
    capabilities: ['CAPABILITY_NAMED_IAM'],
    operationPreferences: {
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 100,
      // One account: a region that fails fails the operation, and the stack update shows it.
      failureToleranceCount: 0,
    },
    stackInstancesGroup: [{ deploymentTargets: { accounts: [account] }, regions }],
    templateBody: JSON.stringify(props.template),
    parameters: stackSetParameters(props.parameters),
  });
  // Stack instances deploy as soon as the StackSet exists: both roles must hold their permissions by then.
  stackSet.node.addDependency(administrationPolicy, executionPolicy);
  return { stackSet, administrationRole, executionRole, executionPolicy };
}

function acknowledgeStackInstances(policy: iam.ManagedPolicy, instances: string): void {
  cdk.Validations.of(policy).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Action::cloudformation:*]',
      reason: `AWS documents full CloudFormation permissions as a StackSet execution role's minimum; granted on this StackSet's own stack instances only (${instances}).`,
    },
    {
      id: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
      reason: `The only full-access statement is cloudformation:* on this StackSet's own stack instances, the minimum AWS documents for a StackSet execution role.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${instances}]`,
      reason: `The StackSet's stack instances, one per region, whose names the StackSet derives; StackSets appends a generated ID to each stack name.`,
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudformation:ValidateTemplate and GetTemplateSummary on a template body accept no resource ARN; both only read.',
    },
  );
}

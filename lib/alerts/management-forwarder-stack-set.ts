import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { alertForwarderTemplate, type ForwarderTemplateProps } from './forwarder-template';
import { forwardingRuleNamePattern } from './forwarding';

const MAX_STACK_SET_NAME = 128 - 'StackSet--'.length - 36 - '-ForwarderPolicy-'.length - 13;

export interface ManagementForwarderStackSetProps extends ForwarderTemplateProps {
  readonly stackSetName: string;
  /** Every region whose events are forwarded. */
  readonly regions: readonly string[];
  /**
   * Regions an account must opt in to. CloudFormation reaches a stack
   * instance there as its regional service principal, which the
   * administration role must trust as well; those among `regions` are.
   * @default - no opt-in region is watched
   */
  readonly optInRegions?: readonly string[];
  /** The role CloudFormation assumes to run the StackSet's operations. */
  readonly administrationRoleName: string;
  /** The role the administration role assumes to deploy the stack instances. */
  readonly executionRoleName: string;
}

/**
 * The forwarding rules in the management account itself, in every watched
 * region: service-managed StackSets never deploy to the management account,
 * so this StackSet is self-managed, with its own administration and execution
 * roles in this account. It deploys the very template the member accounts run.
 * The execution role may create, change and delete only what that template
 * holds: the forwarder roles, their policy and the forwarding rules.
 */
export class ManagementForwarderStackSet extends Construct {
  readonly stackSet: cdk.CfnStackSet;
  readonly administrationRole: iam.Role;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: ManagementForwarderStackSetProps) {
    super(scope, id);
    if (props.regions.length === 0) throw new Error('regions must name at least one region, got none');
    // CloudFormation names the forwarder policy `StackSet-<name>-<36-character ID>-ForwarderPolicy-<13 characters>`
    // and shortens it beyond IAM's 128 characters, which would take it out of the execution role's reach.
    if (props.stackSetName.length > MAX_STACK_SET_NAME) {
      throw new Error(`stackSetName must be at most ${MAX_STACK_SET_NAME} characters, got ${props.stackSetName}`);
    }
    const { administrationRoleName, executionRoleName } = props;
    for (const [key, name] of Object.entries({ administrationRoleName, executionRoleName })) {
      // The execution role may change every role of the forwarder pattern, and the alert bus admits them.
      if (name.startsWith(`${props.roleNamePrefix}-`)) {
        throw new Error(`${key} must not match the forwarder roles ${props.roleNamePrefix}-*, got ${name}`);
      }
    }
    const stack = cdk.Stack.of(this);
    const account = stack.account;
    const regions = [...props.regions];
    const optInRegions = (props.optInRegions ?? []).filter((region) => regions.includes(region));

    this.administrationRole = new iam.Role(this, 'AdministrationRole', {
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
    const administrationPolicy = new iam.ManagedPolicy(this, 'AdministrationPolicy', {
      description: `Assume the ${props.executionRoleName} role, nothing else`,
      statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [executionRoleArn] })],
      roles: [this.administrationRole],
    });

    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: props.executionRoleName,
      description: `Deploys the ${props.stackSetName} StackSet's forwarder roles, policies and rules, nothing else`,
      assumedBy: new iam.ArnPrincipal(this.administrationRole.roleArn),
    });
    const execution = executionResources(props, account);
    const executionPolicy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      description: `Create, update and delete the ${props.stackSetName} StackSet's stacks and their resources`,
      statements: executionStatements(execution),
      roles: [this.executionRole],
    });
    acknowledgeExecutionPolicy(executionPolicy, execution);

    this.stackSet = new cdk.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: "Landing zone: forwards the management account's security events to the audit alert bus",
      permissionModel: 'SELF_MANAGED',
      administrationRoleArn: this.administrationRole.roleArn,
      executionRoleName: this.executionRole.roleName,
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: 100,
        // One account: a region that fails fails the operation, and the stack update shows it.
        failureToleranceCount: 0,
      },
      stackInstancesGroup: [{ deploymentTargets: { accounts: [account] }, regions }],
      templateBody: JSON.stringify(alertForwarderTemplate(props)),
    });
    // Stack instances deploy as soon as the StackSet exists: both roles must hold their permissions by then.
    this.stackSet.node.addDependency(administrationPolicy, executionPolicy);
  }
}

/** The ARN patterns of what the execution role deploys: the stack instances and the template's resources. */
interface ExecutionResources {
  /** StackSets names each stack instance `StackSet-<name>-<id>`. */
  readonly stacks: string;
  readonly forwarderRoles: string;
  /** The template leaves the policy's name to CloudFormation, which starts it with the stack's name. */
  readonly forwarderPolicies: string;
  readonly forwardingRules: string;
}

function executionResources(props: ManagementForwarderStackSetProps, account: string): ExecutionResources {
  return {
    stacks: `arn:aws:cloudformation:*:${account}:stack/StackSet-${props.stackSetName}-*`,
    forwarderRoles: `arn:aws:iam::${account}:role/${props.roleNamePrefix}-*`,
    forwarderPolicies: `arn:aws:iam::${account}:policy/StackSet-${props.stackSetName}-*`,
    forwardingRules: `arn:aws:events:*:${account}:rule/${forwardingRuleNamePattern(props.ruleNamePrefix)}`,
  };
}

/**
 * What deploying the forwarder template takes: CloudFormation on the stack
 * instances, and the resource handlers' calls on the template's resources, by
 * their names. StackSets has needed no SNS permissions since October 2022, and
 * this StackSet sets no notification topic.
 */
function executionStatements(resources: ExecutionResources): iam.PolicyStatement[] {
  const { stacks, forwarderRoles, forwarderPolicies, forwardingRules } = resources;
  return [
    // AWS documents full CloudFormation permissions as an execution role's minimum; here on its own stacks only.
    new iam.PolicyStatement({ sid: 'StackInstances', actions: ['cloudformation:*'], resources: [stacks] }),
    new iam.PolicyStatement({
      sid: 'ValidateTemplate',
      // Neither action accepts a resource narrower than '*' when given a template body.
      actions: ['cloudformation:ValidateTemplate', 'cloudformation:GetTemplateSummary'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'ForwarderRoles',
      actions: [
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
      ],
      resources: [forwarderRoles],
    }),
    new iam.PolicyStatement({
      sid: 'AttachForwarderPolicies',
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      resources: [forwarderRoles],
      conditions: { ArnLike: { 'iam:PolicyARN': forwarderPolicies } },
    }),
    new iam.PolicyStatement({
      sid: 'PassForwarderRolesToEventBridge',
      actions: ['iam:PassRole'],
      resources: [forwarderRoles],
      conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      sid: 'ForwarderPolicies',
      actions: [
        'iam:CreatePolicy',
        'iam:DeletePolicy',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:ListEntitiesForPolicy',
      ],
      resources: [forwarderPolicies],
    }),
    new iam.PolicyStatement({
      sid: 'ForwardingRules',
      actions: [
        'events:PutRule',
        'events:DeleteRule',
        'events:DescribeRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:ListTargetsByRule',
      ],
      resources: [forwardingRules],
    }),
  ];
}

function acknowledgeExecutionPolicy(policy: iam.ManagedPolicy, resources: ExecutionResources): void {
  const regions = 'one per watched region, whose names the StackSet derives';
  cdk.Validations.of(policy).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Action::cloudformation:*]',
      reason: `AWS documents full CloudFormation permissions as a StackSet execution role's minimum; granted on this StackSet's own stack instances only (${resources.stacks}).`,
    },
    {
      id: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
      reason: `The only full-access statement is cloudformation:* on this StackSet's own stack instances, the minimum AWS documents for a StackSet execution role.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${resources.stacks}]`,
      reason: `The StackSet's stack instances, ${regions}; StackSets appends a generated ID to each stack name.`,
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudformation:ValidateTemplate and GetTemplateSummary on a template body accept no resource ARN; both only read.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${resources.forwarderRoles}]`,
      reason: `The forwarder roles of the template, ${regions}: the role name ends with the region.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${resources.forwarderPolicies}]`,
      reason: "The forwarder policy of each stack instance, which CloudFormation names after the instance's stack.",
    },
    {
      id: `AwsSolutions-IAM5[Resource::${resources.forwardingRules}]`,
      reason: `The forwarding rules of the template (named ${resources.forwardingRules.split('/')[1]}), in each watched region.`,
    },
  );
}

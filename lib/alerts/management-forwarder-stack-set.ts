import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  type SelfManagedStackSetProps,
  selfManagedStackSet,
  TEMPLATE_ROLE_ACTIONS,
} from '../constructs/self-managed-stack-set';
import { alertForwarderTemplate, type ForwarderTemplateProps } from './forwarder-template';
import { forwardingRuleNamePattern } from './forwarding';

const MAX_STACK_SET_NAME = 128 - 'StackSet--'.length - 36 - '-ForwarderPolicy-'.length - 13;

export interface ManagementForwarderStackSetProps
  extends
    ForwarderTemplateProps,
    Pick<
      SelfManagedStackSetProps,
      'stackSetName' | 'regions' | 'optInRegions' | 'administrationRoleName' | 'executionRoleName'
    > {}

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
    const account = cdk.Stack.of(this).account;
    const execution = executionResources(props, account);
    const stackSet = selfManagedStackSet(this, {
      stackSetName: props.stackSetName,
      description: "Landing zone: forwards the management account's security events to the audit alert bus",
      regions: props.regions,
      optInRegions: props.optInRegions,
      administrationRoleName,
      executionRoleName,
      executionScope: 'forwarder roles, policies and rules',
      executionStatements: executionStatements(execution),
      template: alertForwarderTemplate(props),
    });
    acknowledgeExecutionPolicy(stackSet.executionPolicy, execution);
    this.stackSet = stackSet.stackSet;
    this.administrationRole = stackSet.administrationRole;
    this.executionRole = stackSet.executionRole;
  }
}

/** The ARN patterns of what the execution role deploys: the template's resources. */
interface ExecutionResources {
  readonly forwarderRoles: string;
  /** The template leaves the policy's name to CloudFormation, which starts it with the stack's name. */
  readonly forwarderPolicies: string;
  readonly forwardingRules: string;
}

function executionResources(props: ManagementForwarderStackSetProps, account: string): ExecutionResources {
  return {
    forwarderRoles: `arn:aws:iam::${account}:role/${props.roleNamePrefix}-*`,
    forwarderPolicies: `arn:aws:iam::${account}:policy/StackSet-${props.stackSetName}-*`,
    forwardingRules: `arn:aws:events:*:${account}:rule/${forwardingRuleNamePattern(props.ruleNamePrefix)}`,
  };
}

/**
 * What deploying the forwarder template takes: the calls its resource types'
 * handlers list in the CloudFormation registry (the handler-permissions gate
 * checks each), on the template's resources by their names. StackSets has needed no SNS permissions since October 2022, and
 * this StackSet sets no notification topic.
 */
function executionStatements(resources: ExecutionResources): iam.PolicyStatement[] {
  const { forwarderRoles, forwarderPolicies, forwardingRules } = resources;
  return [
    new iam.PolicyStatement({
      sid: 'ForwarderRoles',
      actions: [...TEMPLATE_ROLE_ACTIONS],
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
        // CloudFormation adds its system tags to every rule.
        'events:TagResource',
        'events:UntagResource',
        'events:ListTagsForResource',
      ],
      resources: [forwardingRules],
    }),
  ];
}

function acknowledgeExecutionPolicy(policy: iam.ManagedPolicy, resources: ExecutionResources): void {
  const regions = 'one per watched region, whose names the StackSet derives';
  cdk.Validations.of(policy).acknowledge(
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

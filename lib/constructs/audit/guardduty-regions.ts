import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type SelfManagedStackSetProps, selfManagedStackSet, TEMPLATE_ROLE_ACTIONS } from '../self-managed-stack-set';
import {
  guardDutyRegionResources,
  type GuardDutyRegionResources,
  guardDutyRegionTemplate,
  type GuardDutyRegionTemplateProps,
} from './guardduty-region-template';

export interface GuardDutyRegionsProps
  extends
    GuardDutyRegionTemplateProps,
    Pick<
      SelfManagedStackSetProps,
      'stackSetName' | 'regions' | 'optInRegions' | 'administrationRoleName' | 'executionRoleName'
    > {}

/**
 * GuardDuty for the organization in every governed region, from the audit
 * account: a self-managed StackSet deploys the GuardDuty template
 * (`guardDutyRegionTemplate`) to this account in each region. One StackSet
 * instead of a CDK stack per region keeps synthesis and review to a single
 * template, however many regions are governed, and adding a region is one
 * more stack instance.
 */
export class GuardDutyRegions extends Construct {
  readonly stackSet: cdk.CfnStackSet;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: GuardDutyRegionsProps) {
    super(scope, id);
    const account = cdk.Stack.of(this).account;
    const names = guardDutyRegionResources(props);
    const execution = executionResources(names, account);
    const stackSet = selfManagedStackSet(this, {
      stackSetName: props.stackSetName,
      description:
        'Landing zone: GuardDuty in the audit account, every governed region: detector, organization auto-enable, findings export',
      regions: props.regions,
      optInRegions: props.optInRegions,
      administrationRoleName: props.administrationRoleName,
      executionRoleName: props.executionRoleName,
      executionScope: 'GuardDuty handler, its role and log group, and the findings export',
      executionStatements: executionStatements(execution),
      template: guardDutyRegionTemplate(props),
    });
    acknowledgeExecutionPolicy(stackSet.executionPolicy, execution);
    this.stackSet = stackSet.stackSet;
    this.executionRole = stackSet.executionRole;
  }
}

/** ARN patterns of the template's resources, in every region of this account. */
interface ExecutionResources {
  readonly handlerRoles: string;
  readonly handlerFunction: string;
  /** CloudWatch Logs authorizes most log-group actions on this ARN, with the trailing `:*`. */
  readonly handlerLogGroup: string;
  /** ...and tagging on the ARN without it. */
  readonly handlerLogGroupTags: string;
  /** Detectors, and their findings exports, whose ARNs start with the detector's. */
  readonly detectors: string;
}

function executionResources(names: GuardDutyRegionResources, account: string): ExecutionResources {
  return {
    handlerRoles: `arn:aws:iam::${account}:role/${names.handlerRoleNamePattern}`,
    handlerFunction: `arn:aws:lambda:*:${account}:function:${names.handlerFunctionName}`,
    handlerLogGroup: `arn:aws:logs:*:${account}:log-group:${names.handlerLogGroupName}:*`,
    handlerLogGroupTags: `arn:aws:logs:*:${account}:log-group:${names.handlerLogGroupName}`,
    detectors: `arn:aws:guardduty:*:${account}:detector/*`,
  };
}

/**
 * What deploying the GuardDuty template takes: the calls its resource types'
 * handlers list in the CloudFormation registry (the handler-permissions gate
 * checks each), on the template's resources by their names.
 */
function executionStatements(r: ExecutionResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'HandlerRoles',
      // The template gives each handler role its policy inline.
      actions: [...TEMPLATE_ROLE_ACTIONS, 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
      resources: [r.handlerRoles],
    }),
    new iam.PolicyStatement({
      sid: 'PassHandlerRolesToLambda',
      actions: ['iam:PassRole'],
      resources: [r.handlerRoles],
      conditions: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      sid: 'Handler',
      actions: [
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:GetFunction',
        // The read handler's calls, which every create and update ends with.
        'lambda:GetFunctionCodeSigningConfig',
        'lambda:GetFunctionRecursionConfig',
        'lambda:GetFunctionScalingConfig',
        'lambda:GetRuntimeManagementConfig',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PublishVersion',
        // CloudFormation adds its system tags to the function.
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:ListTags',
        // CloudFormation invokes a custom resource's function as the stack's role.
        'lambda:InvokeFunction',
      ],
      resources: [r.handlerFunction],
    }),
    new iam.PolicyStatement({
      sid: 'HandlerLogGroup',
      actions: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:GetDataProtectionPolicy',
        'logs:DeleteDataProtectionPolicy',
      ],
      resources: [r.handlerLogGroup],
    }),
    new iam.PolicyStatement({
      sid: 'TagHandlerLogGroup',
      actions: ['logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'],
      resources: [r.handlerLogGroupTags],
    }),
    new iam.PolicyStatement({
      sid: 'FindingsExport',
      actions: [
        'guardduty:UpdatePublishingDestination',
        'guardduty:DeletePublishingDestination',
        'guardduty:DescribePublishingDestination',
        // CloudFormation adds its system tags to the export.
        'guardduty:TagResource',
        'guardduty:UntagResource',
        'guardduty:ListTagsForResource',
      ],
      resources: [r.detectors],
    }),
    new iam.PolicyStatement({
      sid: 'AcceptNoResource',
      // Neither accepts a resource narrower than '*' (Service Authorization Reference).
      actions: ['guardduty:CreatePublishingDestination', 'logs:DescribeLogGroups'],
      resources: ['*'],
    }),
  ];
}

function acknowledgeExecutionPolicy(policy: iam.ManagedPolicy, r: ExecutionResources): void {
  const regions = 'in every governed region';
  cdk.Validations.of(policy).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::${r.handlerRoles}]`,
      reason: `The GuardDuty handler roles of the template, one per region (IAM names are global, so each ends with its region).`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${r.handlerFunction}]`,
      reason: `The template's one GuardDuty handler function, by name, ${regions}; Lambda function ARNs carry their region.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${r.handlerLogGroup}]`,
      reason: `The GuardDuty handler's log group, by name, ${regions}; the trailing :* is how log-group ARNs name their streams.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${r.handlerLogGroupTags}]`,
      reason: `The GuardDuty handler's log group, by name, ${regions}, as CloudWatch Logs names it for tagging (no trailing :*).`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${r.detectors}]`,
      reason: `This account's detectors and their findings exports ${regions}: GuardDuty assigns the detector and destination IDs.`,
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'guardduty:CreatePublishingDestination and logs:DescribeLogGroups accept no resource narrower than *; the export is then managed on its detector only.',
    },
  );
}

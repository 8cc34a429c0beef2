import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  configRecorderTemplate,
  type ConfigRecorderTemplateProps,
  DELIVERY_KEY_PARAMETER,
} from '../audit/config-recorder-template';
import { type SelfManagedStackSetProps, selfManagedStackSet, TEMPLATE_ROLE_ACTIONS } from '../self-managed-stack-set';

export interface ManagementConfigRecordersProps
  extends
    ConfigRecorderTemplateProps,
    Pick<
      SelfManagedStackSetProps,
      'stackSetName' | 'regions' | 'optInRegions' | 'administrationRoleName' | 'executionRoleName'
    > {
  /** ARN of the key that encrypts deliveries (a key ARN: AWS Config takes no alias). */
  readonly deliveryKeyArn: string;
}

/**
 * AWS Config recording in the management account itself, in every governed
 * region. Service-managed StackSets never deploy to the management account,
 * so it would otherwise record nothing, while Security Hub's policy and the
 * conformance pack cover it. A self-managed StackSet deploys the very
 * template the member accounts run; its execution role may touch only the
 * recorder roles, the recorders and their delivery channels.
 */
export class ManagementConfigRecorders extends Construct {
  readonly stackSet: cdk.CfnStackSet;

  constructor(scope: Construct, id: string, props: ManagementConfigRecordersProps) {
    super(scope, id);
    const { administrationRoleName, executionRoleName } = props;
    for (const [key, name] of Object.entries({ administrationRoleName, executionRoleName })) {
      // The execution role may change every role of the recorder pattern.
      if (name.startsWith(`${props.roleNamePrefix}-`)) {
        throw new Error(`${key} must not match the recorder roles ${props.roleNamePrefix}-*, got ${name}`);
      }
    }
    const account = cdk.Stack.of(this).account;
    const recorderRoles = `arn:aws:iam::${account}:role/${props.roleNamePrefix}-*`;
    // The template names every recorder `default`; Config appends the recorder's ID.
    const recorders = `arn:aws:config:*:${account}:configuration-recorder/default/*`;
    const stackSet = selfManagedStackSet(this, {
      stackSetName: props.stackSetName,
      description:
        'Landing zone: AWS Config recorder and delivery channel of the management account, every governed region',
      regions: props.regions,
      optInRegions: props.optInRegions,
      administrationRoleName,
      executionRoleName,
      executionScope: 'recorder roles, recorders and delivery channels',
      executionStatements: [
        new iam.PolicyStatement({
          sid: 'RecorderRoles',
          // The template attaches AWS_ConfigRole and, in the bucket's own account only, an inline policy.
          actions: [
            ...TEMPLATE_ROLE_ACTIONS,
            'iam:AttachRolePolicy',
            'iam:DetachRolePolicy',
            'iam:PutRolePolicy',
            'iam:DeleteRolePolicy',
          ],
          resources: [recorderRoles],
        }),
        new iam.PolicyStatement({
          sid: 'PassRecorderRolesToConfig',
          actions: ['iam:PassRole'],
          resources: [recorderRoles],
          conditions: { StringEquals: { 'iam:PassedToService': 'config.amazonaws.com' } },
        }),
        // AWS::Config::ConfigurationRecorder and DeliveryChannel have no registry schema: these are
        // the API calls of CloudFormation's own handlers, which also start and stop the recorder.
        new iam.PolicyStatement({
          sid: 'Recorders',
          actions: [
            'config:PutConfigurationRecorder',
            'config:DeleteConfigurationRecorder',
            'config:DescribeConfigurationRecorders',
            'config:DescribeConfigurationRecorderStatus',
            'config:StartConfigurationRecorder',
            'config:StopConfigurationRecorder',
          ],
          resources: [recorders],
        }),
        new iam.PolicyStatement({
          sid: 'DeliveryChannels',
          actions: [
            'config:PutDeliveryChannel',
            'config:DeleteDeliveryChannel',
            'config:DescribeDeliveryChannels',
            'config:DescribeDeliveryChannelStatus',
          ],
          // Config's delivery-channel actions accept no resource ARN (Service Authorization Reference).
          resources: ['*'],
        }),
      ],
      template: configRecorderTemplate(props),
      parameters: { [DELIVERY_KEY_PARAMETER]: props.deliveryKeyArn },
    });
    cdk.Validations.of(stackSet.executionPolicy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${recorderRoles}]`,
        reason: 'The recorder roles of the template, one per governed region: each role name ends with its region.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${recorders}]`,
        reason:
          "The template's recorder, named default, in each governed region; AWS Config appends an ID it generates.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only actions that accept no resource ARN: AWS Config delivery-channel calls, and CloudFormation ValidateTemplate and GetTemplateSummary on a template body.',
      },
    );
    this.stackSet = stackSet.stackSet;
  }
}

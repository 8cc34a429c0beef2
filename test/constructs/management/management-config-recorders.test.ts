import { Match, Template } from 'aws-cdk-lib/assertions';
import { configRecorderTemplate } from '../../../lib/constructs/audit/config-recorder-template';
import {
  ManagementConfigRecorders,
  type ManagementConfigRecordersProps,
} from '../../../lib/constructs/management/management-config-recorders';
import { newStack } from '../../support/app';

const KEY_ARN = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const PROPS: ManagementConfigRecordersProps = {
  stackSetName: 'lz-management-config-recorders',
  regions: ['eu-west-1', 'eu-central-1'],
  administrationRoleName: 'lz-recorders-stackset-admin',
  executionRoleName: 'lz-recorders-stackset-exec',
  homeRegion: 'eu-west-1',
  bucketName: 'lz-config-222222222222-eu-west-1',
  bucketAccount: '222222222222',
  deliveryKeyArn: KEY_ARN,
  roleNamePrefix: 'lz-config-recorder',
};

describe('ManagementConfigRecorders', () => {
  const stack = newStack('111111111111', 'eu-west-1');
  new ManagementConfigRecorders(stack, 'Recorders', PROPS);
  const template = Template.fromStack(stack);
  const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));

  test('deploys the member recorder template to the management account in every governed region', () => {
    expect(stackSet.Properties).toMatchObject({
      StackSetName: 'lz-management-config-recorders',
      PermissionModel: 'SELF_MANAGED',
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['111111111111'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
      Parameters: [{ ParameterKey: 'DeliveryKeyArn', ParameterValue: KEY_ARN }],
    });
    expect(JSON.parse(stackSet.Properties.TemplateBody)).toEqual(configRecorderTemplate(PROPS));
  });

  test('its execution role may pass the recorder roles to AWS Config only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'PassRecorderRolesToConfig',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: 'arn:aws:iam::111111111111:role/lz-config-recorder-*',
            Condition: { StringEquals: { 'iam:PassedToService': 'config.amazonaws.com' } },
          },
          Match.objectLike({
            Sid: 'Recorders',
            Resource: 'arn:aws:config:*:111111111111:configuration-recorder/default/*',
          }),
        ]),
      },
    });
  });

  test('fails when its own roles would fall under the recorder role pattern it may change', () => {
    expect(
      () =>
        new ManagementConfigRecorders(newStack('111111111111'), 'R', {
          ...PROPS,
          executionRoleName: 'lz-config-recorder-stackset-exec',
        }),
    ).toThrow(
      'executionRoleName must not match the recorder roles lz-config-recorder-*, got lz-config-recorder-stackset-exec',
    );
  });
});

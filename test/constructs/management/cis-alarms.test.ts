import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CisAlarms } from '../../../lib/constructs/management/cis-alarms';
import { newStack } from '../../support/app';

/** CIS AWS Foundations Benchmark v3.0.0, section 4, written out here so the data module cannot drift unnoticed. */
const BENCHMARK: Array<[string, string, string]> = [
  [
    '4.1',
    'UnauthorizedApiCalls',
    '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  ],
  [
    '4.2',
    'ConsoleSignInWithoutMfa',
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  ],
  [
    '4.3',
    'RootUserUsage',
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  ],
  [
    '4.4',
    'IamPolicyChanges',
    '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  ],
  [
    '4.5',
    'CloudTrailConfigurationChanges',
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  ],
  [
    '4.6',
    'ConsoleAuthenticationFailures',
    '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  ],
  [
    '4.7',
    'CustomerManagedKeyDisabledOrScheduledForDeletion',
    '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  ],
  [
    '4.8',
    'S3BucketPolicyChanges',
    '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  ],
  [
    '4.9',
    'ConfigChanges',
    '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  ],
  [
    '4.10',
    'SecurityGroupChanges',
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  ],
  [
    '4.11',
    'NetworkAclChanges',
    '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  ],
  [
    '4.12',
    'NetworkGatewayChanges',
    '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  ],
  [
    '4.13',
    'RouteTableChanges',
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  ],
  [
    '4.14',
    'VpcChanges',
    '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  ],
  [
    '4.15',
    'OrganizationsChanges',
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  ],
];

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111111111111:lz-cis-alarms';

describe('CisAlarms', () => {
  // GIVEN the trail's log group in the management account
  const stack = newStack('111111111111');
  const logGroup = logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', '/lz/organization-trail');
  // WHEN the CIS alarms are added
  const alarms = new CisAlarms(stack, 'Cis', { logGroup, topicName: 'lz-cis-alarms', alarmNamePrefix: 'lz-cis' });
  const template = Template.fromStack(stack);

  test('one metric filter and one alarm per benchmark control, no more', () => {
    template.resourceCountIs('AWS::Logs::MetricFilter', BENCHMARK.length);
    template.resourceCountIs('AWS::CloudWatch::Alarm', BENCHMARK.length);
  });

  test.each(BENCHMARK)(
    'CIS %s %s filters with the benchmark pattern and alarms on the first match',
    (control, name, pattern) => {
      // THEN the filter pattern is the benchmark's, character for character
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: '/lz/organization-trail',
        FilterPattern: pattern,
        MetricTransformations: [{ MetricNamespace: 'CISBenchmark', MetricName: name, MetricValue: '1' }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `lz-cis-${control}-${name}`,
        AlarmDescription: Match.stringLikeRegexp(`^CIS AWS Foundations Benchmark ${control.replace('.', '\\.')}: `),
        Namespace: 'CISBenchmark',
        MetricName: name,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [stack.resolve(alarms.topic.topicArn)],
      });
    },
  );

  test('the topic is KMS-encrypted with its own rotated key and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'lz-cis-alarms',
      KmsMasterKeyId: stack.resolve(alarms.topicKey.keyArn),
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the key admits CloudWatch alarms and EventBridge rules of this account only, for this topic only', () => {
    const statements =
      template.findResources('AWS::KMS::Key')[stack.getLogicalId(alarms.topicKey.node.defaultChild as CfnElement)]
        .Properties.KeyPolicy.Statement;
    const services = statements.filter((s: any) => s.Principal.Service).map((s: any) => s.Principal.Service);
    expect(services).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'CloudWatchAlarmsPublishToAlarmTopic',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*' },
            StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN },
          },
        },
        {
          Sid: 'EventBridgeRulesPublishToAlarmTopic',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/*' },
            StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN },
          },
        },
      ]),
    );
  });

  test('the topic policy lets the same two services publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: stack.resolve(alarms.topic.topicArn),
            Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*' } },
          },
          {
            Sid: 'EventBridgeRulesPublish',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: stack.resolve(alarms.topic.topicArn),
            Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/*' } },
          },
        ]),
      },
    });
  });

  test('fails when two filters share a name', () => {
    const other = newStack('111111111111');
    const filter = { control: '9.9', name: 'Same', description: 'x', pattern: '{ $.eventName = X }' };
    expect(
      () =>
        new CisAlarms(other, 'Cis', {
          logGroup: logs.LogGroup.fromLogGroupName(other, 'Logs', 'logs'),
          topicName: 't',
          alarmNamePrefix: 'p',
          filters: [filter, filter],
        }),
    ).toThrow('filters must have unique names, got Same twice');
  });
});

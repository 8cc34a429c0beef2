import { Match, Template } from 'aws-cdk-lib/assertions';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlertKey } from '../../lib/alerts/alert-key';
import { AlertTopic } from '../../lib/alerts/alert-topic';
import { ChannelGuardrail, SlackChannel, type SlackChannelProps } from '../../lib/alerts/slack-channel';
import { newStack } from '../support/app';

const TOPICS = 'arn:aws:sns:eu-west-1:333333333333:lz-alerts-*';

function givenKeyAndTopic() {
  const stack = newStack('333333333333');
  const key = new AlertKey(stack, 'AlertKey', { alias: 'alias/lz/alerts', topicArnPattern: TOPICS });
  const topic = new AlertTopic(stack, 'Topic', {
    topicName: 'lz-alerts-security',
    displayName: 'Security alerts',
    encryptionKey: key.key,
  });
  return { stack, key, topic, template: Template.fromStack(stack) };
}

// One synthesis for the key and topic tests, one per channel variant below.
const KEY_AND_TOPIC = givenKeyAndTopic();

describe('AlertKey', () => {
  const { template } = KEY_AND_TOPIC;

  test('is rotated, retained and aliased', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/alerts' });
  });

  test('admits EventBridge rules and CloudWatch alarms of this account only, for the alert topics only', () => {
    const statements = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    const services = statements.filter((s: any) => s.Principal.Service);
    expect(services).toEqual([
      {
        Sid: 'EventBridgeRulesPublishAlerts',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:333333333333:rule/*' },
          StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': TOPICS },
        },
      },
      {
        Sid: 'CloudWatchAlarmsPublishAlerts',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:333333333333:alarm:*' },
          StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': TOPICS },
        },
      },
    ]);
    // Besides the services, only the account itself administers the key: no other principal.
    const others = statements.filter((s: any) => !s.Principal.Service);
    expect(others.map((s: any) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::333333333333:root' }]);
  });

  test('fails when the alias is not an alias name', () => {
    expect(() => new AlertKey(newStack(), 'Key', { alias: 'lz/alerts', topicArnPattern: TOPICS })).toThrow(
      'alias must be a KMS alias name, got lz/alerts',
    );
  });
});

describe('AlertTopic', () => {
  const { stack, key, topic, template } = KEY_AND_TOPIC;

  test('is encrypted with the alert key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'lz-alerts-security',
      KmsMasterKeyId: stack.resolve(key.key.keyArn),
    });
  });

  test('accepts publishing over TLS only, from EventBridge rules and CloudWatch alarms of this account', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [stack.resolve(topic.topic.topicArn)],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:333333333333:rule/*' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:333333333333:alarm:*' } },
          }),
        ],
      },
    });
  });

  test('fails when the topic name is not a valid SNS name', () => {
    const stack2 = newStack();
    const key2 = new AlertKey(stack2, 'Key', { alias: 'alias/lz/alerts', topicArnPattern: TOPICS });
    expect(
      () => new AlertTopic(stack2, 'Topic', { topicName: 'lz alerts', displayName: 'x', encryptionKey: key2.key }),
    ).toThrow('topicName must be 1-256 letters, digits, hyphens or underscores, got lz alerts');
  });
});

function givenChannel(overrides: Partial<SlackChannelProps> = {}, mode: 'readOnly' | 'denyAll' = 'readOnly') {
  const stack = newStack('333333333333');
  const topic = new sns.Topic(stack, 'Topic');
  const guardrail = new ChannelGuardrail(stack, 'Guardrail', { mode });
  const channel = new SlackChannel(stack, 'Channel', {
    configurationName: 'lz-security',
    slackWorkspaceId: 'T0EXAMPLE1',
    slackChannelId: 'C0SECURITY1',
    topics: [topic],
    guardrail: guardrail.policy,
    ...overrides,
  });
  return { stack, topic, guardrail, channel, template: Template.fromStack(stack) };
}

describe('SlackChannel', () => {
  const readOnly = givenChannel();
  const denyAll = givenChannel({}, 'denyAll');
  const withCharts = givenChannel({ readsAlarmCharts: true, loggingLevel: chatbot.LoggingLevel.ERROR });

  test('subscribes the channel to its topics with logging on and no user roles', () => {
    const { stack, topic, channel, template } = readOnly;
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'lz-security',
      SlackWorkspaceId: 'T0EXAMPLE1',
      SlackChannelId: 'C0SECURITY1',
      SnsTopicArns: [stack.resolve(topic.topicArn)],
      IamRoleArn: stack.resolve(channel.role.roleArn),
      LoggingLevel: 'INFO',
      UserRoleRequired: false,
    });
  });

  test('applies the read-only guardrail, never the administrator default', () => {
    const { template } = readOnly;
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }],
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('AdministratorAccess');
  });

  test('a deny-all guardrail is a customer policy that denies every action', () => {
    const { stack, guardrail, template } = denyAll;
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
    });
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      GuardrailPolicies: [stack.resolve(guardrail.policy.managedPolicyArn)],
    });
  });

  test('the channel role is trusted by Chatbot and holds no permissions', () => {
    const { template } = readOnly;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' })],
      },
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('reading alarm charts adds read-only CloudWatch actions and nothing else', () => {
    const { stack, channel, template } = withCharts;
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [stack.resolve(channel.role.roleName)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'],
            Resource: '*',
          },
        ],
      },
    });
  });

  test('ERROR logging is kept as given', () => {
    withCharts.template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { LoggingLevel: 'ERROR' });
  });

  test('fails when logging is turned off', () => {
    expect(() => givenChannel({ loggingLevel: chatbot.LoggingLevel.NONE })).toThrow(
      'loggingLevel must be ERROR or INFO, got NONE',
    );
  });

  test('fails when there is no topic', () => {
    expect(() => givenChannel({ topics: [] })).toThrow('topics must list at least one topic, got none');
  });

  test('fails when an ID has the wrong shape', () => {
    expect(() => givenChannel({ slackChannelId: '#security' })).toThrow(
      'slackChannelId must be a Slack channel ID, got #security',
    );
    expect(() => givenChannel({ slackWorkspaceId: 't0example' })).toThrow(
      'slackWorkspaceId must be a Slack workspace ID, got t0example',
    );
    expect(() => givenChannel({ configurationName: 'lz security' })).toThrow(
      'configurationName must be 1-128 letters, digits, hyphens or underscores, got lz security',
    );
  });
});

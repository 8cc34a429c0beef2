import { Validations } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** What anyone in a channel may do through Chatbot, at most. */
export type GuardrailMode = 'readOnly' | 'denyAll';

export interface ChannelGuardrailProps {
  readonly mode: GuardrailMode;
}

/**
 * The guardrail policy of the account's Slack channels. Chatbot applies
 * AdministratorAccess when a channel has none, so every channel gets one:
 * the AWS managed ReadOnlyAccess policy, or a policy that denies everything.
 */
export class ChannelGuardrail extends Construct {
  readonly policy: iam.IManagedPolicy;

  constructor(scope: Construct, id: string, props: ChannelGuardrailProps) {
    super(scope, id);
    this.policy =
      props.mode === 'readOnly'
        ? iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')
        : new iam.ManagedPolicy(this, 'Resource', {
            description: 'Chatbot channel guardrail: nothing may be done from Slack',
            statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })],
          });
  }
}

export interface SlackChannelProps {
  /** Unique in the account: 1-128 letters, digits, hyphens or underscores. */
  readonly configurationName: string;
  /** The workspace (team) ID, authorized once in the Chatbot console of this account. */
  readonly slackWorkspaceId: string;
  readonly slackChannelId: string;
  /** The topics whose messages the channel receives. */
  readonly topics: readonly sns.ITopic[];
  readonly guardrail: iam.IManagedPolicy;
  /** @default chatbot.LoggingLevel.INFO */
  readonly loggingLevel?: chatbot.LoggingLevel;
  /**
   * Let Chatbot read CloudWatch alarms and metrics, to draw the chart of an
   * alarm notification.
   * @default false - the channel role has no permissions at all
   */
  readonly readsAlarmCharts?: boolean;
}

/**
 * A Slack channel that receives alert topics through Amazon Q Developer in chat
 * applications (AWS Chatbot). Its role holds no permissions beyond reading
 * alarm charts when asked, and users cannot act through their own roles.
 */
export class SlackChannel extends Construct {
  readonly configuration: chatbot.SlackChannelConfiguration;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SlackChannelProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(props.configurationName)) {
      throw new Error(
        `configurationName must be 1-128 letters, digits, hyphens or underscores, got ${props.configurationName}`,
      );
    }
    if (!/^[0-9A-Z]{1,255}$/.test(props.slackWorkspaceId)) {
      throw new Error(`slackWorkspaceId must be a Slack workspace ID, got ${props.slackWorkspaceId}`);
    }
    if (!/^[A-Za-z0-9]{1,255}$/.test(props.slackChannelId)) {
      throw new Error(`slackChannelId must be a Slack channel ID, got ${props.slackChannelId}`);
    }
    if (props.topics.length === 0) throw new Error('topics must list at least one topic, got none');
    const loggingLevel = props.loggingLevel ?? chatbot.LoggingLevel.INFO;
    if (loggingLevel === chatbot.LoggingLevel.NONE) throw new Error('loggingLevel must be ERROR or INFO, got NONE');

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: `Chatbot channel ${props.configurationName}: notifications only`,
    });
    if (props.readsAlarmCharts) {
      const policy = new iam.ManagedPolicy(this, 'AlarmChartsPolicy', {
        description: 'Lets Chatbot draw the chart of an alarm notification',
        statements: [
          new iam.PolicyStatement({
            actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'],
            resources: ['*'],
          }),
        ],
        roles: [this.role],
      });
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch GetMetricData and GetMetricWidgetImage support no resource-level permissions, and the alarm of a notification is not known in advance; the actions are read-only.',
      });
    }
    this.configuration = new chatbot.SlackChannelConfiguration(this, 'Resource', {
      slackChannelConfigurationName: props.configurationName,
      slackWorkspaceId: props.slackWorkspaceId,
      slackChannelId: props.slackChannelId,
      role: this.role,
      notificationTopics: [...props.topics],
      guardrailPolicies: [props.guardrail],
      loggingLevel,
      userRoleRequired: false,
    });
  }
}

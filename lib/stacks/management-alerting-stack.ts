import { Stack, type StackProps } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { forwarderTemplateProps } from '../alerts/forwarder-template';
import { watchedRegions } from '../alerts/forwarding';
import { ManagementForwarderStackSet } from '../alerts/management-forwarder-stack-set';
import type { RoutingContext } from '../alerts/routing';
import { ChannelGuardrail, SlackChannel } from '../alerts/slack-channel';
import type { AlertsConfig } from '../config/alerts';
import { OPT_IN_REGIONS } from '../config/regions';
import type { Naming } from '../naming';

export interface ManagementAlertingStackProps extends StackProps {
  readonly naming: Naming;
  readonly alerts: AlertsConfig;
  readonly context: RoutingContext;
}

/**
 * Alerting in the management account, in its home region: the same
 * forwarding rules as every member account, in every watched region, through
 * a self-managed StackSet (service-managed ones never reach this account);
 * and the Chatbot channel of the CIS alarm topic, since a channel
 * configuration subscribes to topics of its own account.
 */
export class ManagementAlertingStack extends Stack {
  readonly forwarders: ManagementForwarderStackSet;
  readonly cisChannel: SlackChannel;

  constructor(scope: Construct, id: string, props: ManagementAlertingStackProps) {
    // Deleting the stack would silence every alert: it must be a deliberate, two-step act.
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, alerts, context } = props;

    this.forwarders = new ManagementForwarderStackSet(this, 'Forwarders', {
      stackSetName: `${naming.prefix}-management-alert-forwarders`,
      regions: watchedRegions(context),
      optInRegions: OPT_IN_REGIONS,
      administrationRoleName: naming.forwarderStackSetAdministrationRoleName,
      executionRoleName: naming.forwarderStackSetExecutionRoleName,
      ...forwarderTemplateProps(naming, context),
    });

    this.cisChannel = new SlackChannel(this, 'CisAlarmChannel', {
      configurationName: `${naming.prefix}-cis-alarms`,
      slackWorkspaceId: alerts.slackWorkspaceId,
      slackChannelId: alerts.security.slackChannelId,
      topics: [sns.Topic.fromTopicArn(this, 'CisAlarmTopic', naming.cisAlarmTopicArn)],
      guardrail: new ChannelGuardrail(this, 'ChannelGuardrail', { mode: alerts.guardrail }).policy,
      loggingLevel: chatbot.LoggingLevel[alerts.loggingLevel],
      readsAlarmCharts: true,
    });
  }
}

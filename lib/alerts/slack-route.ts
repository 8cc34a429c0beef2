import type * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AlertTopic } from './alert-topic';
import { routeRules, type AlertRoute, type RoutingContext } from './routing';
import { SlackChannel } from './slack-channel';

export interface SlackRouteProps {
  readonly route: AlertRoute;
  readonly context: RoutingContext;
  /** The bus the route's rules listen on. */
  readonly eventBus: events.IEventBus;
  readonly encryptionKey: kms.IKey;
  readonly topicName: string;
  readonly configurationName: string;
  readonly slackWorkspaceId: string;
  readonly guardrail: iam.IManagedPolicy;
  /** @default chatbot.LoggingLevel.INFO */
  readonly loggingLevel?: chatbot.LoggingLevel;
}

/**
 * One Slack route: an EventBridge rule per kind of alert it takes, all sending
 * to the route's encrypted topic, which its Chatbot channel configuration reads.
 */
export class SlackRoute extends Construct {
  readonly topic: AlertTopic;
  readonly channel: SlackChannel;
  readonly rules: readonly events.CfnRule[];

  constructor(scope: Construct, id: string, props: SlackRouteProps) {
    super(scope, id);
    const { route } = props;
    this.topic = new AlertTopic(this, 'Topic', {
      topicName: props.topicName,
      displayName: `Security alerts for Slack: ${route.name}`,
      encryptionKey: props.encryptionKey,
    });
    this.channel = new SlackChannel(this, 'Channel', {
      configurationName: props.configurationName,
      slackWorkspaceId: props.slackWorkspaceId,
      slackChannelId: route.slackChannelId,
      topics: [this.topic.topic],
      guardrail: props.guardrail,
      loggingLevel: props.loggingLevel,
    });
    this.rules = routeRules(route, props.context).map(
      (rule) =>
        new events.CfnRule(this, rule.id, {
          description: rule.description,
          eventBusName: props.eventBus.eventBusName,
          eventPattern: rule.eventPattern,
          state: 'ENABLED',
          targets: [
            {
              id: 'SlackTopic',
              arn: this.topic.topic.topicArn,
              inputTransformer: rule.input && {
                inputPathsMap: { ...rule.input.inputPathsMap },
                inputTemplate: rule.input.inputTemplate,
              },
            },
          ],
        }),
    );
  }
}

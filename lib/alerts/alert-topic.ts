import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlertTopicProps {
  readonly topicName: string;
  /** What the channel receives, shown in the SNS console. */
  readonly displayName: string;
  /** The key that encrypts the topic; its policy must admit the publishers. */
  readonly encryptionKey: kms.IKey;
}

/**
 * The encrypted SNS topic of one Slack route. Only EventBridge rules and
 * CloudWatch alarms of this account and region may publish, and only over TLS.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(props.topicName)) {
      throw new Error(`topicName must be 1-256 letters, digits, hyphens or underscores, got ${props.topicName}`);
    }
    this.topic = new sns.Topic(this, 'Resource', {
      topicName: props.topicName,
      displayName: props.displayName,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    const here = `${stack.region}:${stack.account}`;
    const publishers = [
      { sid: 'EventBridgeRulesPublish', service: 'events.amazonaws.com', source: `arn:aws:events:${here}:rule/*` },
      {
        sid: 'CloudWatchAlarmsPublish',
        service: 'cloudwatch.amazonaws.com',
        source: `arn:aws:cloudwatch:${here}:alarm:*`,
      },
    ];
    for (const publisher of publishers) {
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: publisher.sid,
          principals: [new iam.ServicePrincipal(publisher.service)],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: { ArnLike: { 'aws:SourceArn': publisher.source } },
        }),
      );
    }
  }
}

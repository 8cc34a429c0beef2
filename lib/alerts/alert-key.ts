import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface AlertKeyProps {
  /** Alias of the key, e.g. `alias/lz/alerts`. */
  readonly alias: string;
  /** ARN pattern of the topics the key encrypts, e.g. `arn:aws:sns:eu-west-1:111122223333:lz-alerts-*`. */
  readonly topicArnPattern: string;
}

/**
 * The customer-managed key of the alert topics. Besides the account itself, it
 * admits only the two services that publish alerts: EventBridge rules and
 * CloudWatch alarms of this account and region, for these topics.
 * Chatbot needs no grant: SNS decrypts before it delivers to Chatbot's endpoint.
 */
export class AlertKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!/^alias\/[\w/-]+$/.test(props.alias)) throw new Error(`alias must be a KMS alias name, got ${props.alias}`);

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: 'Encrypts the alert topics that deliver security events to Slack',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const here = `${stack.region}:${stack.account}`;
    const publishers = [
      {
        sid: 'EventBridgeRulesPublishAlerts',
        service: 'events.amazonaws.com',
        source: `arn:aws:events:${here}:rule/*`,
      },
      {
        sid: 'CloudWatchAlarmsPublishAlerts',
        service: 'cloudwatch.amazonaws.com',
        source: `arn:aws:cloudwatch:${here}:alarm:*`,
      },
    ];
    for (const publisher of publishers) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: publisher.sid,
          principals: [new iam.ServicePrincipal(publisher.service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            ArnLike: { 'aws:SourceArn': publisher.source },
            // Encryption-context keys are strings to IAM: string operators, as SNS's key-policy examples use.
            StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': props.topicArnPattern },
          },
        }),
      );
    }
  }
}

import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CIS_FILTERS, type CisFilter } from './cis-filters';

export interface CisAlarmsProps {
  /** The organization trail's log group. */
  readonly logGroup: logs.ILogGroup;
  /** Name of the alarm topic; the alerting stack subscribes to it by name. */
  readonly topicName: string;
  /** Every alarm name starts with it, e.g. `lz-cis`. */
  readonly alarmNamePrefix: string;
  /** @default 'CISBenchmark' */
  readonly metricNamespace?: string;
  /** @default CIS_FILTERS, the benchmark's section 4 */
  readonly filters?: readonly CisFilter[];
}

/**
 * The CIS AWS Foundations Benchmark monitoring controls: one metric filter on
 * the trail's log group and one alarm per control, all notifying one
 * KMS-encrypted topic. Its key admits CloudWatch (alarms) and EventBridge
 * (rules) of this account as the only service publishers.
 */
export class CisAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const filters = props.filters ?? CIS_FILTERS;
    const names = filters.map((f) => f.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new Error(`filters must have unique names, got ${duplicate} twice`);
    const namespace = props.metricNamespace ?? 'CISBenchmark';
    const topicArn = stack.formatArn({
      service: 'sns',
      resource: props.topicName,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    // Publishers of this account and region only: no other account's alarms or rules.
    const here = `${stack.region}:${stack.account}`;
    const publishers = [
      { sid: 'CloudWatchAlarms', service: 'cloudwatch.amazonaws.com', source: `arn:aws:cloudwatch:${here}:alarm:*` },
      { sid: 'EventBridgeRules', service: 'events.amazonaws.com', source: `arn:aws:events:${here}:rule/*` },
    ];

    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: `Encrypts the CIS alarm topic ${props.topicName}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    for (const publisher of publishers) {
      this.topicKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `${publisher.sid}PublishToAlarmTopic`,
          principals: [new iam.ServicePrincipal(publisher.service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            ArnLike: { 'aws:SourceArn': publisher.source },
            StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn },
          },
        }),
      );
    }

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: 'CIS AWS Foundations Benchmark alarms',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    for (const publisher of publishers) {
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `${publisher.sid}Publish`,
          principals: [new iam.ServicePrincipal(publisher.service)],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: { ArnLike: { 'aws:SourceArn': publisher.source } },
        }),
      );
    }

    const action = new actions.SnsAction(this.topic);
    this.alarms = filters.map((filter) => {
      const control = new Construct(this, filter.name);
      new logs.MetricFilter(control, 'Filter', {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(filter.pattern),
        metricNamespace: namespace,
        metricName: filter.name,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(control, 'Alarm', {
        alarmName: `${props.alarmNamePrefix}-${filter.control}-${filter.name}`,
        alarmDescription: `CIS AWS Foundations Benchmark ${filter.control}: ${filter.description}`,
        metric: new cloudwatch.Metric({
          namespace,
          metricName: filter.name,
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      return alarm;
    });
  }
}

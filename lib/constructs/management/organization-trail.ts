import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ReadWrite, trailEventSelectors } from './event-selectors';

export type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';

export interface OrganizationTrailProps {
  readonly trailName: string;
  /** The log-archive bucket the trail delivers to; it lives in another account, hence a name. */
  readonly bucketName: string;
  /** ARN (key or alias) of the log-archive key that encrypts the log files. */
  readonly encryptionKeyArn: string;
  /** Name of the CloudWatch Logs copy of the trail. */
  readonly logGroupName: string;
  /** Days the CloudWatch Logs copy is kept; the S3 copy is what is archived. @default 365 */
  readonly logRetentionDays?: number;
  /** @default 'all' */
  readonly managementEvents?: ReadWrite;
  /** @default - no Insights */
  readonly insightTypes?: readonly InsightType[];
  /** S3 object-level events of every bucket but `bucketName` and `excludedBucketNames`. @default 'none' */
  readonly s3DataEvents?: 'none' | ReadWrite;
  /** Further buckets whose object events are never logged, such as the access-log bucket. @default - none */
  readonly excludedBucketNames?: readonly string[];
  /** Lambda Invoke events of every function. @default false */
  readonly lambdaDataEvents?: boolean;
}

/**
 * The organization trail: every account, every region, global service events,
 * log file validation, SSE-KMS with the log-archive key, delivered to the trail
 * bucket in log-archive, and copied to a KMS-encrypted CloudWatch Logs group in
 * this account (for the CIS metric filters) through a role that can write there only.
 */
export class OrganizationTrail extends Construct {
  readonly trail: cloudtrail.CfnTrail;
  readonly logGroup: logs.LogGroup;
  readonly logGroupKey: kms.Key;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const retention = props.logRetentionDays ?? 365;
    if (
      !(Object.values(logs.RetentionDays) as unknown[]).includes(retention) ||
      retention === logs.RetentionDays.INFINITE
    ) {
      throw new Error(`logRetentionDays must be a CloudWatch Logs retention period, got ${retention}`);
    }
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: props.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.logGroupKey = new kms.Key(this, 'LogGroupKey', {
      description: `Encrypts the CloudWatch Logs copy of the organization trail ${props.trailName}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.logGroupKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsTrailLogGroupOnly',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: this.logGroupKey,
      retention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    // An organization trail names its streams <management>_CloudTrail_<region>
    // and <org-id>_<account>_CloudTrail_<region>; the role reaches no other group.
    // Its trust takes no confused-deputy condition: "Confused deputy prevention is not
    // applicable to the role policy for CloudWatch Logs monitoring. The role policy doesn't
    // support the use of aws:SourceArn and aws:SourceAccount" (CloudTrail User Guide, "Role
    // policy document for CloudTrail to use CloudWatch Logs for monitoring"). With one,
    // CreateTrail cannot assume the role and fails with InvalidCloudWatchLogsRoleArnException.
    // What the role can do is the bound instead: write streams of this one log group.
    const role = new iam.Role(this, 'LogsRole', {
      description: `CloudTrail delivers ${props.trailName} to ${props.logGroupName}, nowhere else`,
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
    });
    const streams = `${logGroupArn}:log-stream:*`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteTrailLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [streams],
      }),
    );
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${streams}]`,
        reason:
          'CloudTrail creates one log stream per account and region of the organization, named by it; the wildcard covers only streams of the trail log group.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'The delivery role has one purpose and one policy, writing this trail log group; nothing else could reuse a managed policy.',
      },
    );

    const excluded = [props.bucketName, ...(props.excludedBucketNames ?? [])];
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: props.trailName,
      isLogging: true,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      s3BucketName: props.bucketName,
      kmsKeyId: props.encryptionKeyArn,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      advancedEventSelectors: trailEventSelectors({
        managementEvents: props.managementEvents ?? 'all',
        s3DataEvents: props.s3DataEvents ?? 'none',
        excludedBucketNames: excluded,
        lambdaDataEvents: props.lambdaDataEvents ?? false,
      }),
      insightSelectors: props.insightTypes?.length
        ? props.insightTypes.map((insightType) => ({ insightType }))
        : undefined,
    });
    // CloudTrail checks it may assume the role and write the group when the trail is created.
    this.trail.node.addDependency(role);
  }
}

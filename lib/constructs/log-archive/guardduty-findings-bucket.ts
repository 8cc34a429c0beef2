import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { archiveThenExpire, LogBucket } from './log-bucket';

export interface GuardDutyFindingsBucketProps {
  readonly bucketName: string;
  /** Alias the audit account resolves the key by. */
  readonly keyAlias: string;
  readonly accessLogBucket: s3.IBucket;
  readonly organizationId: string;
  /** The GuardDuty delegated administrator, whose detectors (in every region) export here. */
  readonly auditAccount: string;
  /** @default 90 */
  readonly glacierAfterDays?: number;
  /** @default 2557 (seven years) */
  readonly expireAfterDays?: number;
}

/**
 * The bucket GuardDuty exports the organization's findings to, and the key it
 * encrypts them with. GuardDuty requires the two in the same region and
 * exports into a region enabled by default from any other region, so one pair
 * in the home region serves every governed region.
 */
export class GuardDutyFindingsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: GuardDutyFindingsBucketProps) {
    super(scope, id);
    if (!/^\d{12}$/.test(props.auditAccount)) {
      throw new Error(`auditAccount must be a 12-digit account ID, got ${props.auditAccount}`);
    }
    const guardduty = new iam.ServicePrincipal('guardduty.amazonaws.com');
    // Only the audit account's detectors, in any region, may use the key and bucket.
    const fromAuditDetectors = {
      StringEquals: { 'aws:SourceAccount': props.auditAccount },
      ArnLike: { 'aws:SourceArn': `arn:aws:guardduty:*:${props.auditAccount}:detector/*` },
    };

    this.key = new kms.Key(this, 'Key', {
      alias: props.keyAlias,
      description: 'Encrypts the GuardDuty findings the audit account exports',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'GuardDutyEncryptsFindings',
        principals: [guardduty],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: fromAuditDetectors,
      }),
    );
    // Lets the audit account turn the shared alias ARN into the key ARN GuardDuty is given.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AuditAccountDescribesKey',
        principals: [new iam.AccountPrincipal(props.auditAccount)],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );

    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryptionKey: this.key,
      organizationId: props.organizationId,
      accessLogBucket: props.accessLogBucket,
      lifecycleRules: [
        archiveThenExpire('ArchiveThenExpireFindings', props.glacierAfterDays ?? 90, props.expireAfterDays ?? 2557),
      ],
    }).bucket;

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'GuardDutyChecksBucket',
        principals: [guardduty],
        actions: ['s3:GetBucketLocation'],
        resources: [this.bucket.bucketArn],
        conditions: fromAuditDetectors,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'GuardDutyExportsFindings',
        principals: [guardduty],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${props.auditAccount}/GuardDuty/*`)],
        conditions: fromAuditDetectors,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyFindingsNotEncryptedWithFindingsKey',
        effect: iam.Effect.DENY,
        principals: [guardduty],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': this.key.keyArn } },
      }),
    );
  }
}

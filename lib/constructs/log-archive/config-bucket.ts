import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { archiveThenExpire, LogBucket } from './log-bucket';

export interface ConfigBucketProps {
  readonly bucketName: string;
  readonly encryptionKey: kms.IKey;
  readonly accessLogBucket: s3.IBucket;
  /** Organization whose AWS Config recorders deliver here. */
  readonly organizationId: string;
  /** @default 90 */
  readonly glacierAfterDays?: number;
  /** @default 2557 (seven years) */
  readonly expireAfterDays?: number;
}

/**
 * Delivery bucket of AWS Config for every account. It has no Object Lock,
 * which AWS Config cannot deliver to.
 */
export class ConfigBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConfigBucketProps) {
    super(scope, id);
    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      organizationId: props.organizationId,
      accessLogBucket: props.accessLogBucket,
      lifecycleRules: [
        archiveThenExpire(
          'ArchiveThenExpireConfigHistory',
          props.glacierAfterDays ?? 90,
          props.expireAfterDays ?? 2557,
        ),
      ],
    }).bucket;

    const config = new iam.ServicePrincipal('config.amazonaws.com');
    const fromOrganization = { 'aws:SourceOrgID': props.organizationId };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigChecksBucket',
        principals: [config],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: fromOrganization },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDeliversForOrganization',
        principals: [config],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('AWSLogs/*/Config/*')],
        conditions: { StringEquals: { ...fromOrganization, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }
}

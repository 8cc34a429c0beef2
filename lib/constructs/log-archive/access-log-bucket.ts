import { Duration, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ABORT_INCOMPLETE_UPLOADS, LogBucket } from './log-bucket';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly encryptionKey: kms.IKey;
  readonly organizationId: string;
  /** @default 365 */
  readonly expireAfterDays?: number;
}

/**
 * Receives the S3 server access logs of the other log buckets. It has no
 * Object Lock default retention, which server access logging cannot deliver to.
 * S3 adds the `logging.s3.amazonaws.com` grant for each source bucket itself.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      organizationId: props.organizationId,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(props.expireAfterDays ?? 365),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS,
        },
      ],
    }).bucket;
    const reason =
      'This is the access-log destination; logging it into itself would log its own deliveries without end.';
    Validations.of(this.bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason },
    );
  }
}

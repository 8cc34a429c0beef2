import { Duration, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ABORT_INCOMPLETE_UPLOADS, LogBucket } from './log-bucket';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  readonly organizationId: string;
  /** @default 365 */
  readonly expireAfterDays?: number;
}

/**
 * Receives the S3 server access logs of the other log buckets. It has no
 * Object Lock default retention, which server access logging cannot deliver
 * to, and it is encrypted with SSE-S3: "You can use default bucket encryption
 * on the destination bucket only if you use server-side encryption with
 * Amazon S3 managed keys (SSE-S3) ... SSE-KMS is not supported" (S3 User
 * Guide, "Enabling Amazon S3 server access logging"). So no key admits the
 * logging service. Each source bucket adds its `logging.s3.amazonaws.com`
 * statement to this bucket's policy, scoped to that bucket and account.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
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
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason:
          'S3 server access logs can be delivered only into a bucket whose default encryption is SSE-S3 (S3 User Guide, "Enabling Amazon S3 server access logging").',
      },
    );
  }
}

import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface LogBucketProps {
  readonly bucketName: string;
  /**
   * The key of SSE-KMS, with an S3 Bucket Key.
   * @default - SSE-S3, the one default encryption S3 server access logs can be delivered into
   */
  readonly encryptionKey?: kms.IKey;
  /** Organization whose principals alone may use the bucket. */
  readonly organizationId: string;
  /** Where S3 server access logs of this bucket go. @default - not logged (the access-log bucket itself) */
  readonly accessLogBucket?: s3.IBucket;
  readonly lifecycleRules?: s3.LifecycleRule[];
  readonly objectLockDefaultRetention?: s3.ObjectLockRetention;
  /** @default false */
  readonly objectLockEnabled?: boolean;
}

/**
 * The secure baseline every log-archive bucket shares: SSE-KMS with a bucket
 * key (SSE-S3 without a key), versioning, no public access, no ACLs, TLS 1.2
 * only, retained forever, and a policy that admits no principal outside the
 * organization.
 */
export class LogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      versioned: true,
      objectLockEnabled: props.objectLockEnabled,
      objectLockDefaultRetention: props.objectLockDefaultRetention,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: props.accessLogBucket ? `${props.bucketName}/` : undefined,
      lifecycleRules: props.lifecycleRules,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'Log buckets are the single archive of record, protected by versioning, MFA-gated deletes and (trail) Object Lock; a replica would need its own Object Lock and key in a second region, which the landing zone does not govern yet.',
    });
    // AWS services writing logs act as service principals, which carry no
    // PrincipalOrgID; they are scoped by their own statements instead.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyPrincipalsOutsideOrganization',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { 'aws:PrincipalOrgID': props.organizationId },
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
  }
}

/** Incomplete multipart uploads are never useful logs; clear them within a week. */
export const ABORT_INCOMPLETE_UPLOADS = Duration.days(7);

/** The lifecycle of logs read rarely after the first weeks: to Glacier, then gone. */
export function archiveThenExpire(id: string, glacierAfterDays: number, expireAfterDays: number): s3.LifecycleRule {
  return {
    id,
    transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(glacierAfterDays) }],
    expiration: Duration.days(expireAfterDays),
    noncurrentVersionExpiration: Duration.days(30),
    abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS,
  };
}

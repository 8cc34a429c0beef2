import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ABORT_INCOMPLETE_UPLOADS, LogBucket } from '../log-archive/log-bucket';
import { roleByArn } from '../role-by-arn';

export interface QueryResultsBucketProps {
  readonly bucketName: string;
  /** The log key: results hold log contents and are protected like them. */
  readonly encryptionKey: kms.IKey;
  readonly accessLogBucket: s3.IBucket;
  readonly organizationId: string;
  /** The investigator role (another account) whose Athena queries write and read results here. */
  readonly investigatorRoleArn: string;
  /** Results are working copies; the logs themselves stay in the trail bucket. @default 30 */
  readonly expireAfterDays?: number;
}

/**
 * Where Athena writes the investigator's query results, in the log-archive
 * account: the log buckets' secure baseline, short-lived objects, and access
 * for the investigator role alone, which also may encrypt with the log key
 * through S3 for this bucket only.
 */
export class QueryResultsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: QueryResultsBucketProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { principal: investigator, onlyThisRole: onlyTheInvestigator } = roleByArn(
      'investigatorRoleArn',
      props.investigatorRoleArn,
    );
    const expireAfterDays = props.expireAfterDays ?? 30;
    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      organizationId: props.organizationId,
      accessLogBucket: props.accessLogBucket,
      lifecycleRules: [
        {
          id: 'ExpireQueryResults',
          expiration: Duration.days(expireAfterDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS,
        },
      ],
    }).bucket;

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorListsQueryResults',
        principals: [investigator],
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [this.bucket.bucketArn],
        conditions: onlyTheInvestigator,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorWritesAndReadsQueryResults',
        principals: [investigator],
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: onlyTheInvestigator,
      }),
    );
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorEncryptsQueryResultsThroughS3',
        principals: [investigator],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          ...onlyTheInvestigator,
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
          // With an S3 bucket key the context is the bucket ARN, without one the object's. Spelled
          // out rather than referenced: the bucket already depends on the key it is encrypted with.
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
        },
      }),
    );
  }
}

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ATHENA_QUERY_ACTIONS, GLUE_TABLE_READ_ACTIONS } from './athena-trail-table';

export interface InvestigatorRoleProps {
  /** The name the log-archive key and bucket policies admit; it must not change. */
  readonly roleName: string;
  /** The workgroup the role runs queries in. */
  readonly workGroupArn: string;
  /** The Glue database (this account) of the log tables. */
  readonly databaseName: string;
  /** The trail bucket, read only. */
  readonly trailBucketName: string;
  /** The query results bucket, read and write. */
  readonly resultsBucketName: string;
  /** Account and region of the log key, which encrypts both buckets. */
  readonly logKeyAccount: string;
  readonly logKeyRegion: string;
  /** Who may assume the role. @default - principals of this account that IAM allows to */
  readonly assumedBy?: iam.IPrincipal;
}

/**
 * The read-only investigator: runs Athena queries over the trail in its
 * workgroup, reads the trail bucket and the log key through S3, and writes
 * only query results. It changes nothing else. The log-archive account admits
 * it by ARN, so its name is fixed.
 */
export class InvestigatorRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: InvestigatorRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const catalog = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const database = stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName });
    const tables = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/*` });
    const trail = `arn:aws:s3:::${props.trailBucketName}`;
    const results = `arn:aws:s3:::${props.resultsBucketName}`;
    const logKeys = `arn:aws:kms:${props.logKeyRegion}:${props.logKeyAccount}:key/*`;

    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: 'Read-only investigation of the organization trail with Athena',
      assumedBy: props.assumedBy ?? new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Athena over the log archive: query, read logs, write results',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'QueryInTheInvestigationWorkGroup',
          actions: ATHENA_QUERY_ACTIONS,
          resources: [props.workGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheLogTables',
          actions: GLUE_TABLE_READ_ACTIONS,
          resources: [catalog, database, tables],
        }),
        new iam.PolicyStatement({
          sid: 'ListTrailLogs',
          actions: ['s3:GetBucketLocation', 's3:ListBucket'],
          resources: [trail],
        }),
        new iam.PolicyStatement({
          sid: 'ListQueryResults',
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [results],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTrailLogs',
          actions: ['s3:GetObject'],
          resources: [`${trail}/AWSLogs/*`],
        }),
        new iam.PolicyStatement({
          sid: 'ReadAndWriteQueryResults',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [`${results}/*`],
        }),
        new iam.PolicyStatement({
          sid: 'UseTheLogKeyThroughS3',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [logKeys],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${props.logKeyRegion}.amazonaws.com` } },
        }),
      ],
    });
    const reason = (what: string) => `${what} (evidence: the resource ARNs in the statement); nothing broader.`;
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${tables}]`,
        reason: reason('The log tables of the investigation database, whose names the queries choose'),
      },
      {
        id: `AwsSolutions-IAM5[Resource::${trail}/AWSLogs/*]`,
        reason: reason('Every log file of the organization trail, which an investigation may need to read'),
      },
      {
        id: `AwsSolutions-IAM5[Resource::${results}/*]`,
        reason: reason('Result objects Athena names per query in the results bucket'),
      },
      {
        id: `AwsSolutions-IAM5[Resource::${logKeys}]`,
        reason: reason(
          'The log key lives in the log-archive account and its key ID is not known here; use is limited to S3 requests and the key policy admits this role alone',
        ),
      },
    );
  }
}

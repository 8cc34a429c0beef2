import { ownLogsQueryResources, type OwnLogsQueryProps } from './own-logs-query';

export interface OwnLogsTemplateProps {
  /** The name the trail bucket and log key admit in every account of the organization; it must not change. */
  readonly roleName: string;
  /** The trail bucket (log-archive account). */
  readonly trailBucketName: string;
  /** An organization trail writes every account under `AWSLogs/<organization ID>/<account>/`. */
  readonly organizationId: string;
  /** The organization trail, whose encryption context the log key's files carry. */
  readonly trailArn: string;
  /** Region of the trail bucket and log key, where S3 asks KMS to decrypt. */
  readonly bucketRegion: string;
  /**
   * An Athena workgroup, results bucket and Glue table over the account's own
   * logs, which the reader may query.
   * @default - the reader lists and reads its logs, no SQL
   */
  readonly query?: Omit<OwnLogsQueryProps, 'trailBucketName' | 'organizationId'>;
}

/** The StackSet parameter that carries the log key's ARN, which only deploy time knows. */
export const LOG_KEY_ARN_PARAMETER = 'LogKeyArn';

const sub = (text: string) => ({ 'Fn::Sub': text });

/**
 * The own-logs reader of one member account: a role that the account's own
 * principals may assume (the account decides who, with its own IAM policies)
 * and that may list and read `AWSLogs/<organization ID>/<this account>/` of
 * the trail bucket, decrypting through S3 only: its log, digest and Insights
 * files, and nothing else. The trail bucket and log key admit it to that
 * prefix alone, so a neighbour's prefix stays closed even to a reader whose
 * policy were wider; the guardrails keep members from changing it.
 */
export function ownLogsTemplate(props: OwnLogsTemplateProps): object {
  if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
    throw new Error(`roleName must be an IAM role name, got ${props.roleName}`);
  }
  if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw new Error(`organizationId must be an organization ID such as o-abcdefghij, got ${props.organizationId}`);
  }
  const bucket = `arn:\${AWS::Partition}:s3:::${props.trailBucketName}`;
  const ownPrefix = `AWSLogs/${props.organizationId}/\${AWS::AccountId}/`;
  const query =
    props.query &&
    ownLogsQueryResources({
      ...props.query,
      trailBucketName: props.trailBucketName,
      organizationId: props.organizationId,
    });
  const read = [
    {
      Sid: 'ListOwnLogs',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: sub(bucket),
      Condition: { StringLike: { 's3:prefix': sub(`${ownPrefix}*`) } },
    },
    // Athena asks where a table's bucket is before it reads it.
    { Sid: 'LocateTrailBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: sub(bucket) },
    { Sid: 'ReadOwnLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: sub(`${bucket}/${ownPrefix}*`) },
    {
      Sid: 'DecryptTrailFilesThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { Ref: LOG_KEY_ARN_PARAMETER },
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${props.bucketRegion}.amazonaws.com`,
          'kms:EncryptionContext:aws:cloudtrail:arn': props.trailArn,
        },
      },
    },
  ];
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: "Landing zone: this account's read-only window on its own logs in the organization trail bucket",
    Parameters: {
      [LOG_KEY_ARN_PARAMETER]: {
        Type: 'String',
        Description: 'ARN of the log key that encrypts the trail bucket (log-archive account)',
        AllowedPattern: '^arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+$',
      },
    },
    Resources: {
      Reader: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: props.roleName,
          Description: "Reads this account's own logs in the organization trail bucket, and nothing else",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
                Action: 'sts:AssumeRole',
              },
            ],
          },
          Policies: [
            { PolicyName: 'ReadOwnLogs', PolicyDocument: { Version: '2012-10-17', Statement: read } },
            ...(query
              ? [{ PolicyName: 'QueryOwnLogs', PolicyDocument: { Version: '2012-10-17', Statement: query.statements } }]
              : []),
          ],
        },
      },
      ...query?.resources,
    },
    Outputs: {
      ReaderRoleArn: { Description: 'Assume this role to read the logs', Value: { 'Fn::GetAtt': ['Reader', 'Arn'] } },
      LogsLocation: {
        Description: "This account's logs",
        Value: sub(`s3://${props.trailBucketName}/${ownPrefix}`),
      },
      ...query?.outputs,
    },
  };
}

/**
 * The CloudFormation template every member account runs in every governed
 * region: an AWS Config recorder and its delivery channel. It is a plain object
 * so that it can be tested, and it becomes a StackSet's template body.
 */
export interface ConfigRecorderTemplateProps {
  /** The one region that records global resource types (IAM users, groups, roles, policies). */
  readonly homeRegion: string;
  /** The central config bucket, in the log-archive account. */
  readonly bucketName: string;
  /**
   * The account of the bucket. There, AWS Config delivers as the recorder's
   * role rather than as its service principal, so the role needs the bucket
   * and the key; elsewhere the bucket and key policies admit Config itself.
   */
  readonly bucketAccount: string;
  /** Name of the recorder role, to which each regional stack instance appends its region. */
  readonly roleNamePrefix: string;
  /** @default 'TwentyFour_Hours' */
  readonly snapshotFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
}

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: string;
  readonly Description: string;
  readonly Parameters?: Record<string, Record<string, unknown>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, unknown> }>;
}

/**
 * The template's one parameter: the ARN of the key AWS Config encrypts
 * deliveries with. Config takes a key ARN, not an alias, and the key's ID is
 * generated in another account, so the StackSet passes it in, as read at
 * deploy time (KeyArnLookup).
 */
export const DELIVERY_KEY_PARAMETER = 'DeliveryKeyArn';

/** IAM role names are at most 64 characters; the longest region name has 14. */
const ROLE_NAME_MAX = 64 - '-'.length - 'ap-southeast-7'.length;

export function configRecorderTemplate(props: ConfigRecorderTemplateProps): CfnTemplate {
  if (!/^[\w+=,.@-]+$/.test(props.roleNamePrefix) || props.roleNamePrefix.length > ROLE_NAME_MAX) {
    throw new Error(`roleNamePrefix must be at most ${ROLE_NAME_MAX} IAM name characters, got ${props.roleNamePrefix}`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
    throw new Error(`bucketName must be an S3 bucket name, got ${props.bucketName}`);
  }
  if (!/^\d{12}$/.test(props.bucketAccount)) {
    throw new Error(`bucketAccount must be a 12-digit account ID, got ${props.bucketAccount}`);
  }
  const bucket = `arn:\${AWS::Partition}:s3:::${props.bucketName}`;
  // "IAM role policy for Amazon S3 bucket" and "for KMS key" (AWS Config Developer Guide,
  // "Permissions for the IAM role assigned to AWS Config"): what the role needs to deliver
  // into a bucket of its own account.
  const ownAccountDelivery = {
    PolicyName: 'DeliverToConfigBucket',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: { 'Fn::Sub': bucket } },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: { 'Fn::Sub': `${bucket}/AWSLogs/\${AWS::AccountId}/Config/*` },
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        {
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: { Ref: DELIVERY_KEY_PARAMETER },
        },
      ],
    },
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Landing zone: AWS Config recorder and delivery channel of this account and region',
    Parameters: {
      [DELIVERY_KEY_PARAMETER]: {
        Type: 'String',
        AllowedPattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-f0-9-]+$',
        Description: 'ARN of the KMS key that encrypts deliveries to the config bucket',
      },
    },
    Conditions: {
      IsHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, props.homeRegion] },
      DeliversToOwnAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, props.bucketAccount] },
    },
    Resources: {
      // One role per region: IAM is global, and regional stack instances deploy in
      // parallel, so a role shared across regions would have no single owner.
      RecorderRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: { 'Fn::Sub': `${props.roleNamePrefix}-\${AWS::Region}` },
          Description: 'Lets AWS Config read resource configurations in this region',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'config.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
          ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWS_ConfigRole' }],
          Policies: { 'Fn::If': ['DeliversToOwnAccount', [ownAccountDelivery], { Ref: 'AWS::NoValue' }] },
        },
      },
      Recorder: {
        Type: 'AWS::Config::ConfigurationRecorder',
        Properties: {
          Name: 'default',
          RoleARN: { 'Fn::GetAtt': ['RecorderRole', 'Arn'] },
          RecordingGroup: {
            AllSupported: true,
            // Global types recorded once, in the home region, not once per region.
            IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] },
          },
        },
      },
      // AWS Config accepts a delivery channel only once a recorder exists.
      DeliveryChannel: {
        Type: 'AWS::Config::DeliveryChannel',
        DependsOn: 'Recorder',
        Properties: {
          Name: 'default',
          S3BucketName: props.bucketName,
          S3KmsKeyArn: { Ref: DELIVERY_KEY_PARAMETER },
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: props.snapshotFrequency ?? 'TwentyFour_Hours' },
        },
      },
    },
  };
}

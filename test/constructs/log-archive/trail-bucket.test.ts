import { newStack } from '../../support/app';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrailBucket, type TrailBucketProps } from '../../../lib/constructs/log-archive/trail-bucket';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail';
const DEPLOY_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1';
const LIFECYCLE = {
  glacierAfterDays: 90,
  deepArchiveAfterDays: 365,
  expireAfterDays: 2557,
  noncurrentExpireAfterDays: 30,
};

function givenTrailBucket(overrides: Partial<TrailBucketProps> = {}) {
  const stack = newStack();
  const trailBucket = new TrailBucket(stack, 'TrailBucket', {
    bucketName: 'lz-cloudtrail-222222222222-eu-west-1',
    encryptionKey: new kms.Key(stack, 'Key'),
    accessLogBucket: new s3.Bucket(stack, 'AccessLogs'),
    organizationId: 'o-abcdefghij',
    trailArn: TRAIL_ARN,
    objectLock: { mode: 'GOVERNANCE', days: 365 },
    mfaDelete: 'policy',
    lifecycle: LIFECYCLE,
    deploymentRoleArn: DEPLOY_ROLE,
    ...overrides,
  });
  return { stack, trailBucket, template: Template.fromStack(stack) };
}

function policyStatement(template: Template, sid: string) {
  const statements = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
  return statements.find((s: { Sid?: string }) => s.Sid === sid);
}

describe('TrailBucket', () => {
  test('encrypts with the key and a bucket key, versions, locks objects and blocks public access', () => {
    const { stack, template } = givenTrailBucket();
    const key = stack.node.findChild('Key') as kms.Key;
    const accessLogs = stack.node.findChild('AccessLogs') as s3.Bucket;
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'lz-cloudtrail-222222222222-eu-west-1',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: stack.resolve(key.keyArn),
              },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: {
          DestinationBucketName: stack.resolve(accessLogs.bucketName),
          LogFilePrefix: 'lz-cloudtrail-222222222222-eu-west-1/',
        },
      }),
    });
  });

  test('moves logs to Glacier then Deep Archive and expires them after the retention', () => {
    const { template } = givenTrailBucket();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ArchiveThenExpireLogs',
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'GLACIER', TransitionInDays: 90 },
              { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 },
            ],
            ExpirationInDays: 2557,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    });
  });

  test('COMPLIANCE mode locks objects in compliance mode', () => {
    const { template } = givenTrailBucket({ objectLock: { mode: 'COMPLIANCE', days: 400 } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
    });
  });

  test('vault mode has no lifecycle configuration at all', () => {
    const { template } = givenTrailBucket({ mfaDelete: 'vault', lifecycle: undefined });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: Match.absent(),
      ObjectLockEnabled: true,
    });
  });

  test('admits CloudTrail only for the organization trail, with bucket-owner-full-control', () => {
    const { template } = givenTrailBucket();
    expect(policyStatement(template, 'CloudTrailChecksAcl')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
    const write = policyStatement(template, 'CloudTrailWritesOrganizationTrail');
    expect(write).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(JSON.stringify(write.Resource)).toContain('/AWSLogs/111111111111/*');
    expect(JSON.stringify(write.Resource)).toContain('/AWSLogs/o-abcdefghij/*');
  });

  test('denies every principal outside the organization, but not AWS services', () => {
    const { template } = givenTrailBucket();
    expect(policyStatement(template, 'DenyPrincipalsOutsideOrganization')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: {
        StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' },
        Bool: { 'aws:PrincipalIsAWSService': 'false' },
      },
    });
  });

  test('denies non-TLS requests', () => {
    const { template, trailBucket, stack } = givenTrailBucket();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: stack.resolve(trailBucket.bucket.bucketName),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('deleting log versions needs MFA, with no exemption for the deployment role', () => {
    const { template } = givenTrailBucket();
    const deny = policyStatement(template, 'DenyDeletingLogsWithoutMfa');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: expect.arrayContaining(['s3:DeleteObjectVersion', 's3:DeleteObject', 's3:BypassGovernanceRetention']),
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    expect(deny.Condition.ArnNotLike).toBeUndefined();
  });

  test('changing versioning, lifecycle, Object Lock or the policy needs MFA, except for the one deployment role', () => {
    const { template } = givenTrailBucket();
    expect(policyStatement(template, 'DenyWeakeningProtectionWithoutMfa')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [
        's3:DeleteBucketPolicy',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutLifecycleConfiguration',
      ],
      Condition: {
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
        ArnNotEquals: { 'aws:PrincipalArn': DEPLOY_ROLE },
      },
    });
  });

  test("admits each account's own-logs reader to its own prefix only, and only within the organization", () => {
    const { stack, trailBucket, template } = givenTrailBucket({ ownLogsReaderRoleName: 'lz-own-logs-reader' });
    const bucketArn = stack.resolve(trailBucket.bucket.bucketArn);
    const readers = {
      StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/lz-own-logs-reader' },
    };
    expect(policyStatement(template, 'OwnLogsReadersListOwnPrefix')).toEqual({
      Sid: 'OwnLogsReadersListOwnPrefix',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { ...readers, StringLike: { 's3:prefix': 'AWSLogs/o-abcdefghij/${aws:PrincipalAccount}/*' } },
    });
    expect(policyStatement(template, 'OwnLogsReadersReadOwnPrefix')).toEqual({
      Sid: 'OwnLogsReadersReadOwnPrefix',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [bucketArn, '/AWSLogs/o-abcdefghij/${aws:PrincipalAccount}/*']] },
      Condition: readers,
    });
    expect(policyStatement(template, 'OwnLogsReadersLocateBucket')).toEqual({
      Sid: 'OwnLogsReadersLocateBucket',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetBucketLocation',
      Resource: bucketArn,
      Condition: readers,
    });
  });

  test('admits no own-logs reader unless asked to', () => {
    const { template } = givenTrailBucket();
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).not.toContain('PrincipalAccount');
  });

  test('fails when the own-logs reader role name is no IAM role name', () => {
    expect(() => givenTrailBucket({ ownLogsReaderRoleName: 'arn:aws:iam::*:role/x' })).toThrow(
      'ownLogsReaderRoleName must be an IAM role name, got arn:aws:iam::*:role/x',
    );
  });

  test('fails when the deployment role is a pattern rather than one role', () => {
    expect(() =>
      givenTrailBucket({ deploymentRoleArn: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-*' }),
    ).toThrow(
      'deploymentRoleArn must be one IAM role ARN, without wildcards, got arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-*',
    );
  });

  test('fails when vault mode is given lifecycle rules', () => {
    expect(() => givenTrailBucket({ mfaDelete: 'vault', lifecycle: LIFECYCLE })).toThrow(
      'lifecycle must be omitted in vault mode: S3 refuses lifecycle rules with MFA delete enabled',
    );
  });

  test('fails when policy mode has no lifecycle', () => {
    expect(() => givenTrailBucket({ lifecycle: undefined })).toThrow('lifecycle is required in policy mode');
  });
});

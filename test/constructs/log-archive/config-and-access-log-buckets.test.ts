import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AccessLogBucket } from '../../../lib/constructs/log-archive/access-log-bucket';
import { ConfigBucket } from '../../../lib/constructs/log-archive/config-bucket';
import { newStack } from '../../support/app';

function givenBuckets() {
  const stack = newStack();
  const encryptionKey = new kms.Key(stack, 'Key');
  const accessLogs = new AccessLogBucket(stack, 'AccessLogBucket', {
    bucketName: 'access-logs',
    organizationId: 'o-abcdefghij',
    expireAfterDays: 180,
  });
  const config = new ConfigBucket(stack, 'ConfigBucket', {
    bucketName: 'config',
    encryptionKey,
    organizationId: 'o-abcdefghij',
    accessLogBucket: accessLogs.bucket,
    glacierAfterDays: 30,
    expireAfterDays: 400,
  });
  return { stack, accessLogs, config, template: Template.fromStack(stack) };
}

function statementsOf(template: Template, stack: Stack, bucket: { bucketName: string }) {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
  const policy = policies.find(
    (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(stack.resolve(bucket.bucketName)),
  );
  return policy!.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
}

describe('ConfigBucket', () => {
  test('has no Object Lock, is encrypted and archives then expires history', () => {
    const { template } = givenBuckets();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        BucketName: 'config',
        ObjectLockEnabled: Match.absent(),
        BucketEncryption: Match.objectLike({
          ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true })],
        }),
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }],
              ExpirationInDays: 400,
            }),
          ],
        },
      }),
    });
  });

  test('admits only AWS Config from the organization as a writer', () => {
    const { template, stack, config } = givenBuckets();
    const allows = statementsOf(template, stack, config.bucket).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(2);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'config.amazonaws.com' });
      expect(allow.Condition.StringEquals['aws:SourceOrgID']).toBe('o-abcdefghij');
    }
    const put = allows.find((s) => s.Action === 's3:PutObject')!;
    expect(put.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
    expect(JSON.stringify(put.Resource)).toContain('/AWSLogs/*/Config/*');
  });
});

describe('AccessLogBucket', () => {
  test('has no Object Lock and expires access logs', () => {
    const { template } = givenBuckets();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'access-logs',
      ObjectLockEnabled: Match.absent(),
      LoggingConfiguration: Match.absent(),
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 180 })] },
    });
  });

  test('is encrypted with SSE-S3, the one default encryption server access logs are delivered into', () => {
    const { template } = givenBuckets();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'access-logs',
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  test('leaves every key policy without a grant to S3 server access logging', () => {
    const { template } = givenBuckets();
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys[0].Properties.KeyPolicy)).not.toContain('logging.s3.amazonaws.com');
  });

  test('admits only S3 server access logging, from this account, for its source buckets', () => {
    const { template, stack, accessLogs } = givenBuckets();
    const allows = statementsOf(template, stack, accessLogs.bucket).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
    });
    expect(allows[0].Condition.ArnLike['aws:SourceArn']).toBeDefined();
  });
});

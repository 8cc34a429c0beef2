import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { GuardDutyFindingsBucket } from '../../../lib/constructs/log-archive/guardduty-findings-bucket';
import { newStack } from '../../support/app';

const DETECTORS = { 'aws:SourceArn': 'arn:aws:guardduty:*:333333333333:detector/*' };

describe('GuardDutyFindingsBucket', () => {
  const stack = newStack();
  const findings = new GuardDutyFindingsBucket(stack, 'Findings', {
    bucketName: 'lz-guardduty-findings-222222222222-eu-west-1',
    keyAlias: 'alias/lz/guardduty-findings',
    accessLogBucket: new s3.Bucket(stack, 'AccessLogs'),
    organizationId: 'o-abcdefghij',
    auditAccount: '333333333333',
  });
  const template = Template.fromStack(stack);
  const keyStatements = () => Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
  const bucketStatements = () =>
    Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p: any) => p.Properties.PolicyDocument.Statement,
    );
  const statement = (statements: any[], sid: string) => statements.find((s) => s.Sid === sid);

  test('is a retained log bucket encrypted with its own rotated, retained key, archived then expired', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'lz-guardduty-findings-222222222222-eu-west-1',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: stack.resolve(findings.key.keyArn),
              },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
              ExpirationInDays: 2557,
            }),
          ],
        },
      }),
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/guardduty-findings' });
  });

  test('lets only the audit account detectors encrypt with the key', () => {
    expect(statement(keyStatements(), 'GuardDutyEncryptsFindings')).toEqual({
      Sid: 'GuardDutyEncryptsFindings',
      Effect: 'Allow',
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 'kms:GenerateDataKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' }, ArnLike: DETECTORS },
    });
  });

  test('lets the audit account describe the key, and nothing more', () => {
    expect(statement(keyStatements(), 'AuditAccountDescribesKey')).toEqual({
      Sid: 'AuditAccountDescribesKey',
      Effect: 'Allow',
      Resource: '*',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 'kms:DescribeKey',
    });
  });

  test('admits the audit account detectors to locate the bucket and write under their own prefix', () => {
    expect(statement(bucketStatements(), 'GuardDutyChecksBucket')).toMatchObject({
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 's3:GetBucketLocation',
      Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' }, ArnLike: DETECTORS },
    });
    const write = statement(bucketStatements(), 'GuardDutyExportsFindings');
    expect(write).toMatchObject({
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' }, ArnLike: DETECTORS },
    });
    expect(JSON.stringify(write.Resource)).toContain('/AWSLogs/333333333333/GuardDuty/*');
  });

  test('refuses findings encrypted with any other key', () => {
    expect(statement(bucketStatements(), 'DenyFindingsNotEncryptedWithFindingsKey')).toMatchObject({
      Effect: 'Deny',
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': stack.resolve(findings.key.keyArn) },
      },
    });
  });

  test('keeps the log-bucket baseline: no principal outside the organization, TLS only', () => {
    expect(statement(bucketStatements(), 'DenyPrincipalsOutsideOrganization')).toBeDefined();
    expect(bucketStatements().some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  test('fails when the audit account is not an account ID', () => {
    const other = newStack();
    expect(
      () =>
        new GuardDutyFindingsBucket(other, 'Findings', {
          bucketName: 'lz-findings',
          keyAlias: 'alias/x',
          accessLogBucket: s3.Bucket.fromBucketName(other, 'AccessLogs', 'lz-access-logs'),
          organizationId: 'o-abcdefghij',
          auditAccount: 'audit',
        }),
    ).toThrow('auditAccount must be a 12-digit account ID, got audit');
  });
});

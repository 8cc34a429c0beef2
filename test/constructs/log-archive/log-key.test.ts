import { Stack } from 'aws-cdk-lib';
import { newStack } from '../../support/app';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LogKey, type LogKeyProps } from '../../../lib/constructs/log-archive/log-key';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail';
const INVESTIGATOR = 'arn:aws:iam::333333333333:role/lz-log-investigator';
const TRAIL_CREATOR = 'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1';

function givenLogKey(overrides: Partial<LogKeyProps> = {}) {
  const stack = newStack();
  new LogKey(stack, 'LogKey', {
    alias: 'alias/lz/logs',
    trailArn: TRAIL_ARN,
    organizationId: 'o-abcdefghij',
    investigatorRoleArn: INVESTIGATOR,
    describingAccounts: ['111111111111', '333333333333'],
    trailCreatorRoleArn: TRAIL_CREATOR,
    ...overrides,
  });
  return Template.fromStack(stack);
}

function statement(template: Template, sid: string) {
  const keys = Object.values(template.findResources('AWS::KMS::Key'));
  expect(keys).toHaveLength(1);
  return keys[0].Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === sid);
}

describe('LogKey', () => {
  test('rotates yearly, is retained and carries the shared alias', () => {
    const template = givenLogKey();
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/logs' });
  });

  test('admits CloudTrail only for the organization trail', () => {
    expect(statement(givenLogKey(), 'CloudTrailEncryptsOrganizationTrailOnly')).toEqual({
      Sid: 'CloudTrailEncryptsOrganizationTrailOnly',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111111111111:trail/lz-organization-trail',
        },
        StringEquals: { 'aws:SourceArn': TRAIL_ARN },
      },
    });
  });

  test('admits AWS Config deliveries from the organization only', () => {
    expect(statement(givenLogKey(), 'ConfigDeliversForOrganization')).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'aws:SourceOrgID': 'o-abcdefghij' } },
    });
  });

  test('lets the investigator role decrypt only through S3', () => {
    expect(statement(givenLogKey(), 'InvestigatorDecryptsThroughS3')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': INVESTIGATOR },
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      },
    });
  });

  test('lets the accounts that need its key ARN describe it, and nothing more', () => {
    expect(statement(givenLogKey(), 'AccountsResolveKeyAlias')).toEqual({
      Sid: 'AccountsResolveKeyAlias',
      Effect: 'Allow',
      Principal: {
        AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::333333333333:root'],
      },
      Action: 'kms:DescribeKey',
      Resource: '*',
    });
  });

  test("lets the trail's creator decrypt under CloudTrail's encryption context only, as an S3 Bucket Key needs", () => {
    expect(statement(givenLogKey(), 'TrailCreatorDecryptsCloudTrailLogs')).toEqual({
      Sid: 'TrailCreatorDecryptsCloudTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': TRAIL_CREATOR },
        Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' },
      },
    });
  });

  test("lets every account's own-logs reader decrypt the trail's files through S3, within the organization", () => {
    expect(
      statement(
        givenLogKey({ ownLogsReaderRoleName: 'lz-own-logs-reader' }),
        'OwnLogsReadersDecryptTrailFilesThroughS3',
      ),
    ).toEqual({
      Sid: 'OwnLogsReadersDecryptTrailFilesThroughS3',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:PrincipalOrgID': 'o-abcdefghij',
          'kms:ViaService': 's3.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN,
        },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/lz-own-logs-reader' },
      },
    });
    expect(statement(givenLogKey(), 'OwnLogsReadersDecryptTrailFilesThroughS3')).toBeUndefined();
  });

  test('fails when the own-logs reader role name is no IAM role name', () => {
    expect(() => givenLogKey({ ownLogsReaderRoleName: 'lz own logs' })).toThrow(
      'ownLogsReaderRoleName must be an IAM role name, got lz own logs',
    );
  });

  test('admits no S3 server access logging: access logs go to an SSE-S3 bucket', () => {
    const statements = Object.values(givenLogKey().findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(JSON.stringify(statements)).not.toContain('logging.s3.amazonaws.com');
  });

  test('fails when the trail ARN is not a trail ARN', () => {
    const stack = new Stack();
    expect(
      () =>
        new LogKey(stack, 'LogKey', {
          alias: 'alias/x',
          trailArn: 'arn:aws:s3:::bucket',
          organizationId: 'o-abcdefghij',
          investigatorRoleArn: INVESTIGATOR,
          trailCreatorRoleArn: TRAIL_CREATOR,
        }),
    ).toThrow('trailArn must be a CloudTrail trail ARN, got arn:aws:s3:::bucket');
  });
});

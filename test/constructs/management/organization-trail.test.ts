import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EventDataStore, type EventDataStoreProps } from '../../../lib/constructs/management/event-data-store';
import { trailEventSelectors } from '../../../lib/constructs/management/event-selectors';
import { OrganizationTrail, type OrganizationTrailProps } from '../../../lib/constructs/management/organization-trail';
import { newStack } from '../../support/app';

const TRAIL_BUCKET = 'lz-cloudtrail-222222222222-eu-west-1';
const ACCESS_LOGS = 'lz-s3-access-logs-222222222222-eu-west-1';
const LOG_GROUP_ARN = 'arn:aws:logs:eu-west-1:111111111111:log-group:/lz/organization-trail';

function givenTrail(overrides: Partial<OrganizationTrailProps> = {}) {
  const stack = newStack('111111111111');
  const trail = new OrganizationTrail(stack, 'Trail', {
    trailName: 'lz-organization-trail',
    bucketName: TRAIL_BUCKET,
    encryptionKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
    logGroupName: '/lz/organization-trail',
    ...overrides,
  });
  return { stack, trail, template: Template.fromStack(stack) };
}

describe('OrganizationTrail', () => {
  const { stack, trail, template } = givenTrail();

  test('logs every account and region with global events, validation and the log-archive key', () => {
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'lz-organization-trail',
      IsLogging: true,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      S3BucketName: TRAIL_BUCKET,
      KMSKeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
      CloudWatchLogsLogGroupArn: stack.resolve(trail.logGroup.logGroupArn),
      InsightSelectors: Match.absent(),
      EventSelectors: Match.absent(),
    });
  });

  test('logs all management events and, by default, no data events', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [
        { Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ],
    });
  });

  test('copies to a retained log group with bounded retention, encrypted with a rotated key of its own', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        LogGroupName: '/lz/organization-trail',
        RetentionInDays: 365,
        KmsKeyId: stack.resolve(trail.logGroupKey.keyArn),
      },
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  test('the log group key admits CloudWatch Logs for this log group only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchLogsEncryptsTrailLogGroupOnly',
            Effect: 'Allow',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            Resource: '*',
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': LOG_GROUP_ARN } },
          },
        ]),
      },
    });
  });

  test('delivers through a role that CloudTrail assumes without a condition and that writes only there', () => {
    // CloudTrail's CloudWatch Logs role supports no aws:SourceArn/aws:SourceAccount condition:
    // with one, CreateTrail fails with InvalidCloudWatchLogsRoleArnException.
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: Match.absent(),
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'WriteTrailLogStreams',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${LOG_GROUP_ARN}:log-stream:*`,
          },
        ],
      },
    });
    // CloudTrail checks at creation that it may assume the role.
    const role = trail.node.findChild('LogsRole').node.defaultChild as CfnElement;
    const [trailResource] = Object.values(template.findResources('AWS::CloudTrail::Trail'));
    expect(trailResource.DependsOn).toContain(stack.getLogicalId(role));
  });

  test('S3 data events never log the trail bucket or the excluded buckets', () => {
    const { template: withData } = givenTrail({
      s3DataEvents: 'writeOnly',
      excludedBucketNames: [ACCESS_LOGS],
      lambdaDataEvents: true,
      managementEvents: 'writeOnly',
      insightTypes: ['ApiCallRateInsight', 'ApiErrorRateInsight'],
    });
    withData.hasResourceProperties('AWS::CloudTrail::Trail', {
      AdvancedEventSelectors: [
        {
          Name: 'Write management events',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
        {
          Name: 'S3 object events, except the log buckets',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            {
              Field: 'resources.ARN',
              NotStartsWith: [`arn:aws:s3:::${TRAIL_BUCKET}/`, `arn:aws:s3:::${ACCESS_LOGS}/`],
            },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
        {
          Name: 'Lambda invocations',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          ],
        },
      ],
      InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
    });
  });

  test('all S3 data events still exclude the trail bucket', () => {
    const selectors = trailEventSelectors({
      managementEvents: 'all',
      s3DataEvents: 'all',
      excludedBucketNames: [TRAIL_BUCKET],
      lambdaDataEvents: false,
    });
    expect(selectors[1].fieldSelectors).toEqual([
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      { field: 'resources.ARN', notStartsWith: [`arn:aws:s3:::${TRAIL_BUCKET}/`] },
    ]);
  });

  test('fails when S3 data events would have no bucket to exclude', () => {
    expect(() =>
      trailEventSelectors({
        managementEvents: 'all',
        s3DataEvents: 'all',
        excludedBucketNames: [],
        lambdaDataEvents: false,
      }),
    ).toThrow('excludedBucketNames must name the trail bucket when S3 data events are logged, got none');
  });

  test('fails when the log retention is not a CloudWatch Logs retention period', () => {
    expect(() => givenTrail({ logRetentionDays: 100 })).toThrow(
      'logRetentionDays must be a CloudWatch Logs retention period, got 100',
    );
  });

  test('fails when the log group would never expire', () => {
    expect(() => givenTrail({ logRetentionDays: 9999 })).toThrow(
      'logRetentionDays must be a CloudWatch Logs retention period, got 9999',
    );
  });
});

describe('EventDataStore', () => {
  function givenStore(overrides: Partial<EventDataStoreProps> = {}) {
    const stack = newStack('111111111111');
    const store = new EventDataStore(stack, 'Lake', { name: 'lz-organization-events', ...overrides });
    return { stack, store, template: Template.fromStack(stack) };
  }
  const { stack, store, template } = givenStore({ retentionDays: 3653 });

  test('is an organization store of every region, termination-protected, encrypted and retained', () => {
    template.hasResource('AWS::CloudTrail::EventDataStore', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Name: 'lz-organization-events',
        OrganizationEnabled: true,
        MultiRegionEnabled: true,
        TerminationProtectionEnabled: true,
        BillingMode: 'EXTENDABLE_RETENTION_PRICING',
        RetentionPeriod: 3653,
        KmsKeyId: stack.resolve(store.key.keyArn),
        AdvancedEventSelectors: [
          { Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  test('its key lets CloudTrail encrypt and decrypt the store', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudTrailEncryptsEventDataStore',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('fixed retention pricing keeps at most seven years, and write-only follows the trail', () => {
    givenStore({
      billingMode: 'FIXED_RETENTION_PRICING',
      retentionDays: 2557,
      managementEvents: 'writeOnly',
    }).template.hasResourceProperties('AWS::CloudTrail::EventDataStore', {
      BillingMode: 'FIXED_RETENTION_PRICING',
      RetentionPeriod: 2557,
      AdvancedEventSelectors: [
        {
          Name: 'Write management events',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    });
  });

  test('fails when the retention exceeds what fixed retention pricing allows', () => {
    expect(() => givenStore({ billingMode: 'FIXED_RETENTION_PRICING', retentionDays: 2558 })).toThrow(
      'retentionDays must be 7 to 2557 days with FIXED_RETENTION_PRICING, got 2558',
    );
  });

  test('fails when the retention is under seven days', () => {
    expect(() => givenStore({ retentionDays: 6 })).toThrow(
      'retentionDays must be 7 to 3653 days with EXTENDABLE_RETENTION_PRICING, got 6',
    );
  });
});

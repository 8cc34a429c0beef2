import { Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CLOUDTRAIL_COLUMNS } from '../../../lib/constructs/investigation/cloudtrail-columns';
import { InvestigationWorkGroup } from '../../../lib/constructs/investigation/investigation-work-group';
import { InvestigatorRole } from '../../../lib/constructs/investigation/investigator-role';
import { QueryResultsBucket } from '../../../lib/constructs/investigation/query-results-bucket';
import { TrailTable, type TrailTableProps } from '../../../lib/constructs/investigation/trail-table';
import { TrailBucket } from '../../../lib/constructs/log-archive/trail-bucket';
import { newStack } from '../../support/app';

const TRAIL_BUCKET = 'lz-cloudtrail-222222222222-eu-west-1';
const RESULTS_BUCKET = 'lz-athena-results-222222222222-eu-west-1';
const INVESTIGATOR = 'arn:aws:iam::333333333333:role/lz-log-investigator';
const onlyTheInvestigator = { ArnEquals: { 'aws:PrincipalArn': INVESTIGATOR } };
const auditAccount = { AWS: 'arn:aws:iam::333333333333:root' };

function statementsOf(template: Template, type: string) {
  return Object.values(template.findResources(type)).flatMap(
    (r) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement,
  );
}

describe('TrailTable', () => {
  function givenTable(overrides: Partial<TrailTableProps> = {}) {
    const stack = newStack('333333333333');
    const table = new TrailTable(stack, 'Table', {
      databaseName: 'lz_logs',
      bucketName: TRAIL_BUCKET,
      organizationId: 'o-abcdefghij',
      regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      retentionDays: 2557,
      ...overrides,
    });
    return { stack, table, template: Template.fromStack(stack) };
  }
  const { stack, table, template } = givenTable();

  test('projects partitions: injected account, enumerated region, daily date back to the bucket retention', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      CatalogId: '333333333333',
      DatabaseName: 'lz_logs',
      TableInput: Match.objectLike({
        Name: 'cloudtrail',
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          EXTERNAL: 'TRUE',
          classification: 'cloudtrail',
          read_restored_glacier_objects: 'true',
          'projection.enabled': 'true',
          'projection.account.type': 'injected',
          'projection.region.type': 'enum',
          'projection.region.values': 'eu-west-1,eu-central-1,us-east-1',
          'projection.date.type': 'date',
          'projection.date.format': 'yyyy/MM/dd',
          'projection.date.range': 'NOW-2557DAYS,NOW',
          'projection.date.interval': '1',
          'projection.date.interval.unit': 'DAYS',
          'storage.location.template': `s3://${TRAIL_BUCKET}/AWSLogs/o-abcdefghij/\${account}/CloudTrail/\${region}/\${date}/`,
        },
        PartitionKeys: [
          { Name: 'account', Type: 'string', Comment: Match.anyValue() },
          { Name: 'region', Type: 'string' },
          { Name: 'date', Type: 'string', Comment: 'yyyy/MM/dd' },
        ],
      }),
    });
  });

  test('reads the organization trail layout with the CloudTrail input format and JSON SerDe', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        StorageDescriptor: {
          Location: `s3://${TRAIL_BUCKET}/AWSLogs/o-abcdefghij/`,
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
          Columns: CLOUDTRAIL_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
        },
      }),
    });
    expect(CLOUDTRAIL_COLUMNS.find((c) => c.name === 'useridentity')?.type).toMatch(
      /^struct<type:string,principalid:string,arn:string,accountid:string,.*sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>/,
    );
  });

  test('the database and the table are retained, the table created after its database', () => {
    template.hasResource('AWS::Glue::Database', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { CatalogId: '333333333333', DatabaseInput: Match.objectLike({ Name: 'lz_logs' }) },
    });
    template.hasResource('AWS::Glue::Table', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      DependsOn: [stack.getLogicalId(table.database)],
    });
  });

  test('fails when the database name would need quoting in Athena', () => {
    expect(() => givenTable({ databaseName: 'lz-logs' })).toThrow(
      'databaseName must be lowercase letters, digits and underscores, got lz-logs',
    );
  });

  test('fails when no region is projected', () => {
    expect(() => givenTable({ regions: [] })).toThrow('regions must list at least one region, got none');
  });

  test('fails when the retention is not a whole number of days', () => {
    expect(() => givenTable({ retentionDays: 0 })).toThrow(
      'retentionDays must be a whole number of days of at least 1, got 0',
    );
  });
});

describe('InvestigationWorkGroup', () => {
  const stack = newStack('333333333333');
  const workGroup = new InvestigationWorkGroup(stack, 'WorkGroup', {
    workGroupName: 'lz-investigation',
    resultsBucketName: RESULTS_BUCKET,
    resultsBucketOwner: '222222222222',
    encryptionKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
  });

  test('enforces encrypted results in the log-archive bucket and caps each scan', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'lz-investigation',
      State: 'ENABLED',
      RecursiveDeleteOption: false,
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 1099511627776,
        EngineVersion: { SelectedEngineVersion: 'AUTO' },
        ResultConfiguration: {
          OutputLocation: `s3://${RESULTS_BUCKET}/lz-investigation/`,
          ExpectedBucketOwner: '222222222222',
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
          },
        },
      },
    });
    expect(workGroup.workGroupArn).toBe('arn:aws:athena:eu-west-1:333333333333:workgroup/lz-investigation');
  });

  test('fails when the scan cutoff is below what Athena accepts', () => {
    expect(
      () =>
        new InvestigationWorkGroup(newStack(), 'W', {
          workGroupName: 'w',
          resultsBucketName: RESULTS_BUCKET,
          resultsBucketOwner: '222222222222',
          encryptionKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
          bytesScannedCutoffPerQuery: Size.mebibytes(1),
        }),
    ).toThrow('bytesScannedCutoffPerQuery must be at least 10 MB, got 1048576 bytes');
  });
});

describe('InvestigatorRole', () => {
  const stack = newStack('333333333333');
  new InvestigatorRole(stack, 'Investigator', {
    roleName: 'lz-log-investigator',
    workGroupArn: 'arn:aws:athena:eu-west-1:333333333333:workgroup/lz-investigation',
    databaseName: 'lz_logs',
    trailBucketName: TRAIL_BUCKET,
    resultsBucketName: RESULTS_BUCKET,
    logKeyAccount: '222222222222',
    logKeyRegion: 'eu-west-1',
  });
  const template = Template.fromStack(stack);

  test('has the name the log archive admits, short sessions, and trusts only its own account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-log-investigator',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::333333333333:root' } },
        ],
      },
    });
  });

  test('may query, read the logs and write results, and nothing else', () => {
    expect(statementsOf(template, 'AWS::IAM::ManagedPolicy')).toEqual([
      {
        Sid: 'QueryInTheInvestigationWorkGroup',
        Effect: 'Allow',
        Action: [
          'athena:BatchGetQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryRuntimeStatistics',
          'athena:GetWorkGroup',
          'athena:ListQueryExecutions',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        Resource: 'arn:aws:athena:eu-west-1:333333333333:workgroup/lz-investigation',
      },
      {
        Sid: 'ReadTheLogTables',
        Effect: 'Allow',
        Action: [
          'glue:BatchGetPartition',
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:GetTable',
          'glue:GetTables',
        ],
        Resource: [
          'arn:aws:glue:eu-west-1:333333333333:catalog',
          'arn:aws:glue:eu-west-1:333333333333:database/lz_logs',
          'arn:aws:glue:eu-west-1:333333333333:table/lz_logs/*',
        ],
      },
      {
        Sid: 'ListTrailLogs',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket'],
        Resource: `arn:aws:s3:::${TRAIL_BUCKET}`,
      },
      {
        Sid: 'ListQueryResults',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: `arn:aws:s3:::${RESULTS_BUCKET}`,
      },
      {
        Sid: 'ReadTrailLogs',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/*`,
      },
      {
        Sid: 'ReadAndWriteQueryResults',
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        Resource: `arn:aws:s3:::${RESULTS_BUCKET}/*`,
      },
      {
        Sid: 'UseTheLogKeyThroughS3',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    ]);
  });
});

describe('the log archive admits the investigator', () => {
  const stack = newStack('222222222222');
  const key = new kms.Key(stack, 'Key');
  const accessLogs = new s3.Bucket(stack, 'AccessLogs');
  const results = new QueryResultsBucket(stack, 'Results', {
    bucketName: RESULTS_BUCKET,
    encryptionKey: key,
    accessLogBucket: accessLogs,
    organizationId: 'o-abcdefghij',
    investigatorRoleArn: INVESTIGATOR,
  });
  new TrailBucket(stack, 'Trail', {
    bucketName: TRAIL_BUCKET,
    encryptionKey: key,
    accessLogBucket: accessLogs,
    organizationId: 'o-abcdefghij',
    trailArn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail',
    objectLock: { mode: 'GOVERNANCE', days: 365 },
    mfaDelete: 'vault',
    deploymentRoleArn: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
    investigatorRoleArn: INVESTIGATOR,
  });
  const template = Template.fromStack(stack);

  test('the results bucket keeps results a month, encrypted with the log key, versioned and private', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        BucketName: RESULTS_BUCKET,
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
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ExpireQueryResults',
              Status: 'Enabled',
              ExpirationInDays: 30,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
      }),
    });
  });

  test('the investigator alone lists, reads and writes query results', () => {
    const bucket = stack.resolve(results.bucket.bucketArn);
    expect(statementsOf(template, 'AWS::S3::BucketPolicy')).toEqual(
      expect.arrayContaining([
        {
          Sid: 'InvestigatorListsQueryResults',
          Effect: 'Allow',
          Principal: auditAccount,
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: bucket,
          Condition: onlyTheInvestigator,
        },
        {
          Sid: 'InvestigatorWritesAndReadsQueryResults',
          Effect: 'Allow',
          Principal: auditAccount,
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
          Resource: { 'Fn::Join': ['', [bucket, '/*']] },
          Condition: onlyTheInvestigator,
        },
      ]),
    );
  });

  test('the trail bucket lets the investigator list and read log files, nothing more', () => {
    const trailBucket = (stack.node.findChild('Trail') as TrailBucket).bucket;
    const trail = stack.resolve(trailBucket.bucketArn);
    const [trailPolicy] = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(stack.resolve(trailBucket.bucketName)),
    );
    const grantedToAudit = trailPolicy.Properties.PolicyDocument.Statement.filter(
      (s: any) => s.Effect === 'Allow' && s.Principal?.AWS === auditAccount.AWS,
    );
    expect(grantedToAudit).toEqual([
      {
        Sid: 'InvestigatorListsLogs',
        Effect: 'Allow',
        Principal: auditAccount,
        Action: ['s3:GetBucketLocation', 's3:ListBucket'],
        Resource: trail,
        Condition: onlyTheInvestigator,
      },
      {
        Sid: 'InvestigatorReadsLogs',
        Effect: 'Allow',
        Principal: auditAccount,
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [trail, '/AWSLogs/*']] },
        Condition: onlyTheInvestigator,
      },
    ]);
  });

  test('the log key lets the investigator encrypt through S3, for the results bucket only', () => {
    expect(statementsOf(template, 'AWS::KMS::Key')).toEqual(
      expect.arrayContaining([
        {
          Sid: 'InvestigatorEncryptsQueryResultsThroughS3',
          Effect: 'Allow',
          Principal: auditAccount,
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: {
            ...onlyTheInvestigator,
            StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
            StringLike: {
              'kms:EncryptionContext:aws:s3:arn': [
                `arn:aws:s3:::${RESULTS_BUCKET}`,
                `arn:aws:s3:::${RESULTS_BUCKET}/*`,
              ],
            },
          },
        },
      ]),
    );
  });

  test('fails when the investigator is not a role ARN', () => {
    expect(
      () =>
        new QueryResultsBucket(newStack(), 'R', {
          bucketName: RESULTS_BUCKET,
          encryptionKey: key,
          accessLogBucket: accessLogs,
          organizationId: 'o-abcdefghij',
          investigatorRoleArn: 'lz-log-investigator',
        }),
    ).toThrow('investigatorRoleArn must be an IAM role ARN, got lz-log-investigator');
  });
});

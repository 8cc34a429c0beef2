import { Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { COMMERCIAL_REGIONS } from '../../../lib/config/regions';
import { CLOUDTRAIL_COLUMNS } from '../../../lib/constructs/investigation/cloudtrail-columns';
import { ownLogsQueryResources, type OwnLogsQueryProps } from '../../../lib/constructs/own-logs/own-logs-query';
import { OwnLogsStackSet } from '../../../lib/constructs/own-logs/own-logs-stack-set';
import { ownLogsTemplate, type OwnLogsTemplateProps } from '../../../lib/constructs/own-logs/own-logs-template';
import { newStack } from '../../support/app';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail';
const KEY_ARN = 'arn:aws:kms:eu-west-1:222222222222:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f';
const PROPS: OwnLogsTemplateProps = {
  roleName: 'lz-own-logs-reader',
  trailBucketName: 'lz-cloudtrail-222222222222-eu-west-1',
  organizationId: 'o-abcdefghij',
  trailArn: TRAIL_ARN,
  bucketRegion: 'eu-west-1',
};
const QUERY = {
  workGroupName: 'lz-own-logs',
  databaseName: 'lz_own_logs',
  regions: ['eu-west-1'],
  retentionDays: 2557,
};
const QUERY_PROPS: OwnLogsQueryProps = {
  ...QUERY,
  trailBucketName: PROPS.trailBucketName,
  organizationId: PROPS.organizationId,
};

const policyActions = (role: any): string[] =>
  role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));

describe('OwnLogsStackSet', () => {
  test('deploys to every account of the targets, present and future, in the home region alone, with the key ARN', () => {
    const stack = newStack('333333333333');
    new OwnLogsStackSet(stack, 'OwnLogs', {
      ...PROPS,
      stackSetName: 'lz-own-logs',
      targets: ['r-ab12'],
      logKeyArn: KEY_ARN,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-own-logs',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] }, Regions: ['eu-west-1'] }],
      Parameters: [{ ParameterKey: 'LogKeyArn', ParameterValue: KEY_ARN }],
      TemplateBody: JSON.stringify(ownLogsTemplate(PROPS)),
    });
  });

  test('fails when there is no target', () => {
    const stack = newStack('333333333333');
    expect(
      () => new OwnLogsStackSet(stack, 'OwnLogs', { ...PROPS, stackSetName: 'x', targets: [], logKeyArn: KEY_ARN }),
    ).toThrow('targets must name at least one root or OU ID, got none');
  });
});

// The template validator checks the template, with and without Athena, as the StackSet deploys it:
// test/gates/validation.test.ts.
describe('own-logs template', () => {
  const template = Template.fromJSON(ownLogsTemplate(PROPS));

  test('without Athena it holds the reader role alone', () => {
    expect(Object.values((ownLogsTemplate(PROPS) as any).Resources).map((r: any) => r.Type)).toEqual([
      'AWS::IAM::Role',
    ]);
  });

  test("the reader is trusted by its own account's principals only, for an hour at a time", () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-own-logs-reader',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
  });

  test('the reader lists and reads its own prefix and decrypts trail files through S3, and nothing else', () => {
    const bucket = 'arn:${AWS::Partition}:s3:::lz-cloudtrail-222222222222-eu-west-1';
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'ReadOwnLogs',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ListOwnLogs',
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: { 'Fn::Sub': bucket },
                Condition: { StringLike: { 's3:prefix': { 'Fn::Sub': 'AWSLogs/o-abcdefghij/${AWS::AccountId}/*' } } },
              },
              {
                Sid: 'LocateTrailBucket',
                Effect: 'Allow',
                Action: 's3:GetBucketLocation',
                Resource: { 'Fn::Sub': bucket },
              },
              {
                Sid: 'ReadOwnLogs',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: { 'Fn::Sub': `${bucket}/AWSLogs/o-abcdefghij/\${AWS::AccountId}/*` },
              },
              {
                Sid: 'DecryptTrailFilesThroughS3',
                Effect: 'Allow',
                Action: 'kms:Decrypt',
                Resource: { Ref: 'LogKeyArn' },
                Condition: {
                  StringEquals: {
                    'kms:ViaService': 's3.eu-west-1.amazonaws.com',
                    'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN,
                  },
                },
              },
            ],
          },
        },
      ],
    });
  });

  test('takes the key ARN as a parameter that must be a key ARN', () => {
    template.hasParameter('LogKeyArn', { Type: 'String', AllowedPattern: Match.stringLikeRegexp('key/') });
    expect(new RegExp(template.toJSON().Parameters.LogKeyArn.AllowedPattern).test(KEY_ARN)).toBe(true);
    expect(
      new RegExp(template.toJSON().Parameters.LogKeyArn.AllowedPattern).test(
        'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
      ),
    ).toBe(false);
  });

  test('fails when the role name is no IAM name', () => {
    expect(() => ownLogsTemplate({ ...PROPS, roleName: 'own logs' })).toThrow(
      'roleName must be an IAM role name, got own logs',
    );
  });

  test('fails when the organization ID is no organization ID', () => {
    expect(() => ownLogsTemplate({ ...PROPS, organizationId: 'r-ab12' })).toThrow(
      'organizationId must be an organization ID such as o-abcdefghij, got r-ab12',
    );
  });
});

describe('own-logs template with Athena', () => {
  const body = ownLogsTemplate({ ...PROPS, query: QUERY }) as any;
  const template = Template.fromJSON(body);

  test('keeps the results bucket, database and table when the instance goes, unless its first create fails', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::Glue::Database', 'AWS::Glue::Table']) {
      template.hasResource(type, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('the results bucket is private, encrypted, TLS-only, and forgets results after 30 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 30 })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'QueryResults' },
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  test('the workgroup enforces encrypted results in the bucket the account owns', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'lz-own-logs',
      RecursiveDeleteOption: false,
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: Size.gibibytes(100).toBytes(),
        ResultConfiguration: {
          OutputLocation: { 'Fn::Sub': 's3://${QueryResults}/' },
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
  });

  test("the table projects region and date over the account's own CloudTrail prefix", () => {
    const logs = {
      'Fn::Join': ['', ['s3://lz-cloudtrail-222222222222-eu-west-1/AWSLogs/o-abcdefghij/', { Ref: 'AWS::AccountId' }]],
    };
    template.hasResource('AWS::Glue::Table', { DependsOn: 'LogsDatabase' });
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'lz_own_logs',
      TableInput: {
        Name: 'cloudtrail',
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.region.values': 'eu-west-1',
          'projection.date.range': 'NOW-2557DAYS,NOW',
          'storage.location.template': { 'Fn::Join': ['', [logs, '/CloudTrail/${region}/${date}/']] },
        }),
        PartitionKeys: [
          { Name: 'region', Type: 'string' },
          { Name: 'date', Type: 'string', Comment: 'yyyy/MM/dd' },
        ],
        StorageDescriptor: Match.objectLike({
          Location: { 'Fn::Join': ['', [logs, '/CloudTrail/']] },
          Columns: CLOUDTRAIL_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
        }),
      },
    });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'lz_own_logs' }) });
  });

  test('the reader gains queries in its workgroup and the results bucket, and no other write', () => {
    const actions = policyActions(body.Resources.Reader);
    const writes = actions.filter((a) => !/^(s3|athena|glue):(Get|List|BatchGet)|^kms:Decrypt$/.test(a));
    expect(writes.sort()).toEqual([
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
      's3:AbortMultipartUpload',
      's3:PutObject',
    ]);
    const put = body.Resources.Reader.Properties.Policies[1].PolicyDocument.Statement.find((s: any) =>
      [s.Action].flat().includes('s3:PutObject'),
    );
    expect(put.Resource).toEqual({ 'Fn::Sub': '${QueryResults.Arn}/*' });
  });

  test('names the workgroup and table in its outputs', () => {
    template.hasOutput('WorkGroup', { Value: 'lz-own-logs' });
    template.hasOutput('Table', { Value: 'lz_own_logs.cloudtrail' });
  });

  test('projects every commercial region when asked to', () => {
    const { resources } = ownLogsQueryResources({ ...QUERY_PROPS, regions: COMMERCIAL_REGIONS });
    expect((resources.LogsTable as any).Properties.TableInput.Parameters['projection.region.values']).toBe(
      COMMERCIAL_REGIONS.join(','),
    );
  });

  test.each([
    ['fails when the workgroup name has a space', { workGroupName: 'own logs' }, 'workGroupName must be 1-128'],
    ['fails when the database name has a hyphen', { databaseName: 'lz-own-logs' }, 'databaseName must be lowercase'],
    ['fails when no region is projected', { regions: [] }, 'regions must list at least one region, got none'],
    ['fails when the retention is no whole number of days', { retentionDays: 1.5 }, 'retentionDays must be a whole'],
    [
      'fails when the scan cutoff is below what Athena allows',
      { bytesScannedCutoffPerQuery: Size.mebibytes(1) },
      'bytesScannedCutoffPerQuery must be at least 10 MB, got 1048576 bytes',
    ],
    ['fails when results would never expire', { resultsExpireAfterDays: 0 }, 'resultsExpireAfterDays must be a whole'],
  ] as const)('%s', (_name, overrides, message) => {
    expect(() => ownLogsQueryResources({ ...QUERY_PROPS, ...overrides })).toThrow(message);
  });
});

import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataLake, type DataLakeProps } from '../../../lib/constructs/security-lake/data-lake';
import { LakeKey } from '../../../lib/constructs/security-lake/lake-key';
import { type LogSource, LogSources } from '../../../lib/constructs/security-lake/log-sources';
import { CustomResourceProviderLogs } from '../../../lib/constructs/custom-resource-provider';
import { OrganizationAutoEnable } from '../../../lib/constructs/security-lake/organization-auto-enable';
import { Subscriber, type SubscriberProps } from '../../../lib/constructs/security-lake/subscriber';
import { newStack } from '../../support/app';

// The region lake and everything that hangs off it (key, sources, auto-enable, subscribers), in one
// file: each test file pays jest's module and template-validator start-up again.

const MSM_ROLE = 'arn:aws:iam::222222222222:role/service-role/AmazonSecurityLakeMetaStoreManagerV2';
const LF_ROLE =
  'arn:aws:iam::222222222222:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess';
const TRANSITIONS = [
  { storageClass: 'STANDARD_IA', days: 30 },
  { storageClass: 'GLACIER_IR', days: 90 },
];

function givenDataLake(overrides: Partial<DataLakeProps> = {}) {
  const stack = newStack('222222222222', 'eu-central-1');
  const key = new LakeKey(stack, 'Key', {
    alias: 'alias/lz/security-lake',
    metaStoreManagerRoleArn: MSM_ROLE,
    lakeFormationRoleArn: LF_ROLE,
  }).key;
  const dataLake = new DataLake(stack, 'DataLake', {
    encryptionKey: key,
    metaStoreManagerRoleArn: MSM_ROLE,
    transitions: TRANSITIONS,
    expireAfterDays: 365,
    ...overrides,
  });
  return { stack, key, dataLake, template: Template.fromStack(stack) };
}

function keyStatement(template: Template, sid: string) {
  const keys = Object.values(template.findResources('AWS::KMS::Key'));
  expect(keys).toHaveLength(1);
  return keys[0].Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === sid);
}

describe('DataLake', () => {
  const { stack, key, dataLake, template } = givenDataLake();

  test('is encrypted with the region key, managed by the metastore role, and retained', () => {
    template.hasResource('AWS::SecurityLake::DataLake', {
      Properties: Match.objectLike({
        EncryptionConfiguration: { KmsKeyId: stack.resolve((key as kms.Key).keyArn) },
        MetaStoreManagerRoleArn: MSM_ROLE,
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    expect(stack.resolve(dataLake.dataLakeArn)).toEqual(stack.resolve(dataLake.resource.attrArn));
  });

  test('moves objects through the configured storage classes, then expires them', () => {
    template.hasResourceProperties('AWS::SecurityLake::DataLake', {
      LifecycleConfiguration: {
        Transitions: [
          { StorageClass: 'STANDARD_IA', Days: 30 },
          { StorageClass: 'GLACIER_IR', Days: 90 },
        ],
        Expiration: { Days: 365 },
      },
    });
  });

  test('does not replicate unless given a rollup region', () => {
    template.hasResourceProperties('AWS::SecurityLake::DataLake', { ReplicationConfiguration: Match.absent() });
  });

  test('replicates into the rollup region as the replication role', () => {
    const role = 'arn:aws:iam::222222222222:role/service-role/SecurityLake-lz-replication';
    givenDataLake({ replication: { rollupRegion: 'eu-west-1', roleArn: role } }).template.hasResourceProperties(
      'AWS::SecurityLake::DataLake',
      { ReplicationConfiguration: { Regions: ['eu-west-1'], RoleArn: role } },
    );
  });

  test('fails when objects would expire by their last transition', () => {
    expect(() => givenDataLake({ expireAfterDays: 90 })).toThrow(
      'expireAfterDays must be later than the last transition (90), got 90',
    );
  });

  test('fails when transitions are out of order', () => {
    expect(() => givenDataLake({ transitions: [...TRANSITIONS].reverse() })).toThrow(
      'transitions must be in order of days, got 30 after 90',
    );
  });

  test('fails when replicating into its own region', () => {
    expect(() => givenDataLake({ replication: { rollupRegion: 'eu-central-1', roleArn: MSM_ROLE } })).toThrow(
      'replication.rollupRegion must be another region, got eu-central-1',
    );
  });
});

describe('LakeKey', () => {
  const { template } = givenDataLake();

  test('rotates, is retained and carries the alias', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/security-lake' });
  });

  test('lets the metastore manager, named as principal, use it through S3 only', () => {
    // An account principal with an aws:PrincipalArn condition would need a KMS grant in the role's
    // own policies, which the AWS managed metastore policy does not have.
    expect(keyStatement(template, 'MetaStoreManagerReadsAndWritesLakeObjects')).toEqual({
      Sid: 'MetaStoreManagerReadsAndWritesLakeObjects',
      Effect: 'Allow',
      Principal: { AWS: MSM_ROLE },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
    });
    expect(keyStatement(template, 'MetaStoreManagerGrantsForAwsResources')).toEqual({
      Sid: 'MetaStoreManagerGrantsForAwsResources',
      Effect: 'Allow',
      Principal: { AWS: MSM_ROLE },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  });

  test("lets Lake Formation's data-access role, named as principal, decrypt for query subscribers through S3", () => {
    expect(keyStatement(template, 'LakeFormationReadsForQuerySubscribers')).toEqual({
      Sid: 'LakeFormationReadsForQuerySubscribers',
      Effect: 'Allow',
      Principal: { AWS: LF_ROLE },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
    });
  });

  test('admits no other service: the key encrypts the lake alone', () => {
    const statements = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement as {
      Principal: Record<string, unknown>;
    }[];
    expect(statements.filter((s) => 'Service' in s.Principal)).toEqual([]);
  });
});

const LAKE_ARN = 'arn:aws:securitylake:eu-west-1:222222222222:data-lake/default';
const SOURCES: LogSource[] = [
  { name: 'CLOUD_TRAIL_MGMT', version: '2.0' },
  { name: 'SH_FINDINGS', version: '2.0' },
  { name: 'VPC_FLOW', version: '1.0' },
];

function givenSources(sources: readonly LogSource[] = SOURCES) {
  const stack = newStack();
  const construct = new LogSources(stack, 'Sources', { dataLakeArn: LAKE_ARN, sources });
  return { stack, construct, template: Template.fromStack(stack) };
}

describe('LogSources', () => {
  const { stack, construct, template } = givenSources();

  test('collects each source at its pinned version from every account of the organization', () => {
    template.resourceCountIs('AWS::SecurityLake::AwsLogSource', 3);
    for (const { name, version } of SOURCES) {
      template.hasResourceProperties('AWS::SecurityLake::AwsLogSource', {
        DataLakeArn: LAKE_ARN,
        SourceName: name,
        SourceVersion: version,
        // No Accounts: the source applies to the whole organization, later members included.
        Accounts: Match.absent(),
      });
    }
  });

  test('creates the sources one after another, in the configured order', () => {
    const logicalIds = construct.resources.map((r) => stack.resolve(r.logicalId));
    const resources = template.findResources('AWS::SecurityLake::AwsLogSource');
    expect(logicalIds.map((id) => resources[id].Properties.SourceName)).toEqual([
      'CLOUD_TRAIL_MGMT',
      'SH_FINDINGS',
      'VPC_FLOW',
    ]);
    expect(logicalIds.map((id) => resources[id].DependsOn)).toEqual([undefined, [logicalIds[0]], [logicalIds[1]]]);
  });

  test('keeps a source’s logical ID when another source is removed', () => {
    const without = givenSources(SOURCES.filter((s) => s.name !== 'SH_FINDINGS'));
    const vpcFlow = (t: Template) =>
      Object.entries(t.findResources('AWS::SecurityLake::AwsLogSource')).find(
        ([, r]) => r.Properties.SourceName === 'VPC_FLOW',
      )![0];
    expect(vpcFlow(without.template)).toEqual(vpcFlow(template));
  });

  test('fails when a source is named twice', () => {
    expect(() => givenSources([...SOURCES, { name: 'SH_FINDINGS', version: '1.0' }])).toThrow(
      'sources must name each source once, got SH_FINDINGS twice',
    );
  });

  test('fails when given no source', () => {
    expect(() => givenSources([])).toThrow('sources must name at least one source, got none');
  });
});

const AUTO_ENABLE_SOURCES: LogSource[] = [
  { name: 'CLOUD_TRAIL_MGMT', version: '2.0' },
  { name: 'EKS_AUDIT', version: '2.0' },
];

function givenAutoEnable(sources: readonly LogSource[] = AUTO_ENABLE_SOURCES, regions = ['eu-central-1', 'eu-west-1']) {
  // GIVEN the log-archive account's home region, whose stack deploys after every lake
  const stack = newStack('222222222222', 'ca-west-1');
  const { logGroup } = new CustomResourceProviderLogs(stack, 'Logs');
  // WHEN new accounts are auto-enabled in the lake regions
  new OrganizationAutoEnable(stack, 'AutoEnable', { regions, sources, logGroup });
  return { stack, template: Template.fromStack(stack) };
}

function sdkCall(template: Template, phase: 'Create' | 'Update' | 'Delete') {
  const resources = Object.values(template.findResources('Custom::SecurityLakeOrganizationConfiguration'));
  expect(resources).toHaveLength(1);
  return JSON.parse(resources[0].Properties[phase]);
}

const AUTO_ENABLE_SOURCE_LIST = [
  { sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0' },
  { sourceName: 'EKS_AUDIT', sourceVersion: '2.0' },
];
const CONFIGURATION = {
  autoEnableNewAccount: [
    { region: 'eu-central-1', sources: AUTO_ENABLE_SOURCE_LIST },
    { region: 'eu-west-1', sources: AUTO_ENABLE_SOURCE_LIST },
  ],
};

describe('OrganizationAutoEnable', () => {
  const { template } = givenAutoEnable();

  test('enables the sources for accounts that join later, in every lake region, on create and update', () => {
    for (const phase of ['Create', 'Update'] as const) {
      expect(sdkCall(template, phase)).toEqual({
        service: 'SecurityLake',
        action: 'CreateDataLakeOrganizationConfiguration',
        region: 'eu-central-1',
        parameters: CONFIGURATION,
        physicalResourceId: { id: 'security-lake-organization-configuration' },
      });
    }
  });

  test('removes that configuration on delete, accepting one that is gone already', () => {
    expect(sdkCall(template, 'Delete')).toEqual({
      service: 'SecurityLake',
      action: 'DeleteDataLakeOrganizationConfiguration',
      region: 'eu-central-1',
      parameters: CONFIGURATION,
      ignoreErrorCodesMatching: 'ResourceNotFoundException',
    });
  });

  test('may change the organization configuration of these data lakes only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'OrganizationConfigurationOfTheLakes',
            Effect: 'Allow',
            Action: [
              'securitylake:CreateDataLakeOrganizationConfiguration',
              'securitylake:DeleteDataLakeOrganizationConfiguration',
            ],
            Resource: [
              'arn:aws:securitylake:eu-central-1:222222222222:data-lake/default',
              'arn:aws:securitylake:eu-west-1:222222222222:data-lake/default',
            ],
          },
        ]),
      },
    });
  });

  test('fails when given no source or no region', () => {
    expect(() => givenAutoEnable([])).toThrow('sources must name at least one source, got none');
    expect(() => givenAutoEnable(AUTO_ENABLE_SOURCES, [])).toThrow(
      'regions must name at least one lake region, got none',
    );
  });
});

const SUBSCRIBER_SOURCES: LogSource[] = [
  { name: 'CLOUD_TRAIL_MGMT', version: '2.0' },
  { name: 'VPC_FLOW', version: '2.0' },
];

function givenSubscriber(overrides: Partial<SubscriberProps> = {}) {
  const stack = newStack();
  const encryptionKey = new kms.Key(stack, 'Key');
  const subscriber = new Subscriber(stack, 'Subscriber', {
    dataLakeArn: LAKE_ARN,
    subscriberName: 'lz-audit',
    description: 'The audit account queries the lake',
    accountId: '333333333333',
    externalId: 'lz-security-lake-audit-333333333333',
    access: 'LAKEFORMATION',
    sources: SUBSCRIBER_SOURCES,
    encryptionKey,
    ...overrides,
  });
  return { stack, encryptionKey, subscriber, template: Template.fromStack(stack) };
}

const SIEM = {
  subscriberName: 'lz-siem',
  accountId: '555555555555',
  externalId: 'vendor-given-id',
  access: 'S3',
  notificationEndpoint: 'https://siem.example.com/sl',
} as const;

describe('Subscriber with query access', () => {
  const { template } = givenSubscriber();

  test('gives the account Lake Formation access to every given source', () => {
    template.hasResourceProperties('AWS::SecurityLake::Subscriber', {
      DataLakeArn: LAKE_ARN,
      SubscriberName: 'lz-audit',
      AccessTypes: ['LAKEFORMATION'],
      SubscriberIdentity: { Principal: '333333333333', ExternalId: 'lz-security-lake-audit-333333333333' },
      Sources: [
        { AwsLogSource: { SourceName: 'CLOUD_TRAIL_MGMT', SourceVersion: '2.0' } },
        { AwsLogSource: { SourceName: 'VPC_FLOW', SourceVersion: '2.0' } },
      ],
    });
  });

  test('creates no notification, role or policy', () => {
    template.resourceCountIs('AWS::SecurityLake::SubscriberNotification', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});

describe('Subscriber with S3 access and an HTTPS endpoint', () => {
  const { stack, encryptionKey, subscriber, template } = givenSubscriber(SIEM);

  test('gives the SIEM account S3 access', () => {
    template.hasResourceProperties('AWS::SecurityLake::Subscriber', {
      AccessTypes: ['S3'],
      SubscriberIdentity: { Principal: '555555555555', ExternalId: 'vendor-given-id' },
    });
  });

  test('lets the subscriber role Security Lake creates decrypt lake objects through S3', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: stack.resolve(encryptionKey.keyArn),
            Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
          },
        ],
      },
      Roles: [
        {
          'Fn::Select': [
            1,
            {
              'Fn::Split': [
                '/',
                { 'Fn::Select': [5, { 'Fn::Split': [':', stack.resolve(subscriber.resource.attrSubscriberRoleArn)] }] },
              ],
            },
          ],
        },
      ],
    });
  });

  test('notifies the HTTPS endpoint through a role only EventBridge of this account assumes', () => {
    template.hasResourceProperties('AWS::SecurityLake::SubscriberNotification', {
      SubscriberArn: stack.resolve(subscriber.resource.attrSubscriberArn),
      NotificationConfiguration: {
        HttpsNotificationConfiguration: {
          Endpoint: 'https://siem.example.com/sl',
          HttpMethod: 'POST',
          TargetRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriberNotificationRole'), 'Arn'] },
        },
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'events:InvokeApiDestination',
            Resource: 'arn:aws:events:eu-west-1:222222222222:api-destination/AmazonSecurityLake*/*',
          },
        ],
      },
    });
  });
});

describe('Subscriber validation', () => {
  test('fails when a query subscriber is given a notification endpoint', () => {
    expect(() => givenSubscriber({ notificationEndpoint: 'https://siem.example.com/sl' })).toThrow(
      'notificationEndpoint needs S3 access, got LAKEFORMATION',
    );
  });

  test('fails when the endpoint is not HTTPS', () => {
    expect(() => givenSubscriber({ ...SIEM, notificationEndpoint: 'http://siem.example.com/sl' })).toThrow(
      'notificationEndpoint must be an https:// URL, got http://siem.example.com/sl',
    );
  });

  test('fails when the description has characters CloudFormation refuses', () => {
    expect(() => givenSubscriber({ description: 'Audit (security tooling)' })).toThrow(
      'description must be letters, digits, spaces or the characters \\-_:/,.@=+, got Audit (security tooling)',
    );
  });

  test('fails when the name has a space, which CloudFormation refuses', () => {
    expect(() => givenSubscriber({ subscriberName: 'lz audit' })).toThrow(
      'subscriberName must be letters, digits or the characters \\-_:/.@=+, got lz audit',
    );
  });

  test('fails when given more sources than Security Lake allows', () => {
    const eleven = Array.from({ length: 11 }, (): LogSource => ({ name: 'VPC_FLOW', version: '2.0' }));
    expect(() => givenSubscriber({ sources: eleven })).toThrow('sources must name 1-10 sources, got 11');
  });
});

import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Naming } from '../../lib/naming';
import { buildSecurityLakeStacks } from '../../lib/stacks/security-lake-stack';
import { configWith, exampleConfig, newApp } from '../support/app';

const LOG_ARCHIVE = '222222222222';

function sourcesInCreationOrder(template: Template): string[] {
  const sources = template.findResources('AWS::SecurityLake::AwsLogSource');
  const first = Object.keys(sources).filter((id) => !sources[id].DependsOn);
  expect(first).toHaveLength(1);
  const order = [first[0]];
  for (;;) {
    const next = Object.keys(sources).filter((id) => sources[id].DependsOn?.includes(order.at(-1)));
    if (next.length === 0) break;
    expect(next).toHaveLength(1);
    order.push(next[0]);
  }
  expect(order).toHaveLength(Object.keys(sources).length);
  return order.map((id) => `${sources[id].Properties.SourceName} ${sources[id].Properties.SourceVersion}`);
}

describe('Security Lake stacks of the example', () => {
  // GIVEN the example config, which turns Security Lake on without rollup region or SIEM
  const config = exampleConfig();
  const app = newApp();
  const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  new CfnWaitConditionHandle(management, 'Placeholder');
  const {
    prerequisites,
    regions: lakes,
    organization,
  } = buildSecurityLakeStacks(app, config, new Naming(config), [management])!;
  const templates = new Map<Stack, Template>();
  const template = (stack: Stack) =>
    templates.get(stack) ?? templates.set(stack, Template.fromStack(stack)).get(stack)!;

  test('live in the log-archive account: prerequisites and organization settings at home, one lake per governed region', () => {
    const all = [prerequisites, ...lakes, organization];
    expect(all.map((s) => [s.stackName, s.account, s.region, s.terminationProtection])).toEqual([
      ['SecurityLakePrerequisites', LOG_ARCHIVE, 'eu-west-1', true],
      ['SecurityLake-eu-west-1', LOG_ARCHIVE, 'eu-west-1', true],
      ['SecurityLake-eu-central-1', LOG_ARCHIVE, 'eu-central-1', true],
      ['SecurityLakeOrganization', LOG_ARCHIVE, 'eu-west-1', true],
    ]);
    for (const stack of all) expect(stack.templateOptions.description).toBeDefined();
  });

  test('deploy every lake after the IAM prerequisites, and everything after management delegated administration', () => {
    for (const lake of lakes) expect(lake.dependencies).toEqual(expect.arrayContaining([prerequisites, management]));
    expect(prerequisites.dependencies).toEqual([management]);
  });

  test('apply the organization settings once every lake exists', () => {
    expect(organization.dependencies).toEqual(expect.arrayContaining([...lakes, management]));
  });

  test("prerequisites: the metastore-manager role and Lake Formation's, no replication role without a rollup region", () => {
    const t = template(prerequisites);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AmazonSecurityLakeMetaStoreManagerV2',
      Path: '/service-role/',
    });
    t.resourceCountIs('Custom::ServiceLinkedRole', 1);
    // The other role is the custom-resource provider's.
    expect(Object.values(t.findResources('AWS::IAM::Role')).map((r) => r.Properties.RoleName ?? 'generated')).toEqual([
      'AmazonSecurityLakeMetaStoreManagerV2',
      'generated',
    ]);
  });

  test.each(lakes.map((lake) => [lake.region, lake] as const))(
    'in %s: makes the deployment role a Lake Formation admin before creating the lake',
    (region, lake) => {
      const t = template(lake);
      t.hasResourceProperties('AWS::LakeFormation::DataLakeSettings', {
        Admins: [
          {
            DataLakePrincipalIdentifier: `arn:aws:iam::${LOG_ARCHIVE}:role/cdk-hnb659fds-cfn-exec-role-${LOG_ARCHIVE}-${region}`,
          },
        ],
        MutationType: 'APPEND',
      });
      const settings = Object.keys(t.findResources('AWS::LakeFormation::DataLakeSettings'));
      t.hasResource('AWS::SecurityLake::DataLake', { DependsOn: Match.arrayWith(settings) });
    },
  );

  test.each(lakes.map((lake) => [lake.region, lake] as const))(
    'in %s: one retained lake, encrypted with the region key, lifecycle and metastore role from config',
    (_region, lake) => {
      const t = template(lake);
      t.resourceCountIs('AWS::SecurityLake::DataLake', 1);
      t.hasResource('AWS::SecurityLake::DataLake', {
        Properties: {
          EncryptionConfiguration: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
          MetaStoreManagerRoleArn: `arn:aws:iam::${LOG_ARCHIVE}:role/service-role/AmazonSecurityLakeMetaStoreManagerV2`,
          LifecycleConfiguration: {
            Transitions: [
              { StorageClass: 'STANDARD_IA', Days: 30 },
              { StorageClass: 'GLACIER_IR', Days: 90 },
            ],
            Expiration: { Days: 365 },
          },
        },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/security-lake' });
    },
  );

  test.each(lakes.map((lake) => [lake.region, lake] as const))(
    'in %s: collects the configured sources one after another, in config order',
    (_region, lake) => {
      expect(sourcesInCreationOrder(template(lake))).toEqual([
        'CLOUD_TRAIL_MGMT 2.0',
        'SH_FINDINGS 2.0',
        'VPC_FLOW 2.0',
        'ROUTE53 2.0',
        'EKS_AUDIT 2.0',
        'LAMBDA_EXECUTION 2.0',
      ]);
    },
  );

  test('auto-enables the same sources, in every lake region, for accounts that join later', () => {
    const [autoEnable] = Object.values(
      template(organization).findResources('Custom::SecurityLakeOrganizationConfiguration'),
    );
    const sources = ['CLOUD_TRAIL_MGMT', 'SH_FINDINGS', 'VPC_FLOW', 'ROUTE53', 'EKS_AUDIT', 'LAMBDA_EXECUTION'].map(
      (sourceName) => ({ sourceName, sourceVersion: '2.0' }),
    );
    expect(JSON.parse(autoEnable.Properties.Create).parameters.autoEnableNewAccount).toEqual([
      { region: 'eu-west-1', sources },
      { region: 'eu-central-1', sources },
    ]);
    for (const lake of lakes) template(lake).resourceCountIs('Custom::SecurityLakeOrganizationConfiguration', 0);
  });

  test.each(lakes.map((lake) => [lake.region, lake] as const))(
    'in %s: the audit account subscribes with Lake Formation (query) access to every source',
    (_region, lake) => {
      const t = template(lake);
      t.resourceCountIs('AWS::SecurityLake::Subscriber', 1);
      t.hasResourceProperties('AWS::SecurityLake::Subscriber', {
        SubscriberName: 'lz-audit',
        AccessTypes: ['LAKEFORMATION'],
        SubscriberIdentity: { Principal: '333333333333', ExternalId: 'lz-security-lake-audit-333333333333' },
        Sources: Match.arrayWith([{ AwsLogSource: { SourceName: 'CLOUD_TRAIL_MGMT', SourceVersion: '2.0' } }]),
      });
      t.resourceCountIs('AWS::SecurityLake::SubscriberNotification', 0);
    },
  );

  test('prerequisites match the snapshot', () => {
    expect(template(prerequisites).toJSON()).toMatchSnapshot();
  });

  test('the home-region lake matches the snapshot', () => {
    expect(template(lakes[0]).toJSON()).toMatchSnapshot();
  });

  test('the organization settings match the snapshot', () => {
    expect(template(organization).toJSON()).toMatchSnapshot();
  });
});

describe('Security Lake stacks with a rollup region and a SIEM', () => {
  // GIVEN eu-central-1 as rollup region and a SIEM subscriber (test/gates/validation.test.ts runs cdk-nag and the
  // template validator over the same options)
  const config = configWith((raw) => {
    raw.securityLake.rollupRegion = 'eu-central-1';
    raw.securityLake.siem = {
      accountId: '555555555555',
      externalId: 'vendor-given-id',
      endpoint: 'https://siem.example.com/security-lake',
    };
  });
  const app = newApp();
  const built = buildSecurityLakeStacks(app, config, new Naming(config))!;
  // WHEN it is synthesized
  const assembly = app.synth();
  const [rollup, contributor] = built.regions;
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackByName(stack.stackName).template);

  test('deploys the rollup region first, the contributing region after it', () => {
    expect([rollup.region, contributor.region]).toEqual(['eu-central-1', 'eu-west-1']);
    expect(contributor.dependencies).toEqual(expect.arrayContaining([built.prerequisites, rollup]));
  });

  test('configures the organization through the rollup region, whose lake exists first', () => {
    const [autoEnable] = Object.values(
      template(built.organization).findResources('Custom::SecurityLakeOrganizationConfiguration'),
    );
    expect(JSON.parse(autoEnable.Properties.Create).region).toBe('eu-central-1');
  });

  test('the contributing lake replicates into the rollup region as the replication role', () => {
    const role = `arn:aws:iam::${LOG_ARCHIVE}:role/service-role/SecurityLake-lz-replication`;
    template(contributor).hasResourceProperties('AWS::SecurityLake::DataLake', {
      ReplicationConfiguration: { Regions: ['eu-central-1'], RoleArn: role },
    });
    template(rollup).hasResourceProperties('AWS::SecurityLake::DataLake', { ReplicationConfiguration: Match.absent() });
    template(built.prerequisites).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'SecurityLake-lz-replication',
      Path: '/service-role/',
    });
  });

  test('subscribers subscribe in the rollup region only, where every region’s data is', () => {
    template(contributor).resourceCountIs('AWS::SecurityLake::Subscriber', 0);
    const t = template(rollup);
    t.resourceCountIs('AWS::SecurityLake::Subscriber', 2);
    t.hasResourceProperties('AWS::SecurityLake::Subscriber', {
      SubscriberName: 'lz-siem',
      AccessTypes: ['S3'],
      SubscriberIdentity: { Principal: '555555555555', ExternalId: 'vendor-given-id' },
    });
    t.hasResourceProperties('AWS::SecurityLake::SubscriberNotification', {
      NotificationConfiguration: {
        HttpsNotificationConfiguration: Match.objectLike({ Endpoint: 'https://siem.example.com/security-lake' }),
      },
    });
  });
});

describe('Security Lake switched off', () => {
  test('adds no stack', () => {
    const config = configWith((raw) => {
      raw.securityLake.enabled = false;
    });
    const app = newApp();
    expect(buildSecurityLakeStacks(app, config, new Naming(config))).toBeUndefined();
    expect(app.node.children).toHaveLength(0);
  });

  test('by default', () => {
    expect(exampleConfig().securityLake.enabled).toBe(true);
    const config = configWith((raw) => {
      delete raw.securityLake;
    });
    expect(config.securityLake.enabled).toBe(false);
  });
});

describe('Security Lake in a governed region where it is not available', () => {
  test.each(['eu-south-1', 'me-south-1'])('skips %s and keeps the others', (unavailable) => {
    // GIVEN a region without Security Lake among the governed regions (me-south-1: the bundled
    // validator knows the types there, but neither cfn-lint's region schemas nor botocore's endpoints do)
    const config = configWith((raw) => {
      raw.regions.governed = ['eu-west-1', unavailable, 'eu-central-1'];
    });
    // WHEN the stacks are built
    const built = buildSecurityLakeStacks(newApp(), config, new Naming(config))!;
    // THEN only the regions with Security Lake get a lake
    expect(built.regions.map((stack) => stack.region)).toEqual(['eu-west-1', 'eu-central-1']);
  });
});

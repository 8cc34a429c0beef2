import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationAccessAnalyzer } from '../../../lib/constructs/audit/access-analyzer';
import { OrganizationConfigAggregator } from '../../../lib/constructs/audit/config-aggregator';
import {
  ConfigRecorderStackSet,
  type ConfigRecorderStackSetProps,
} from '../../../lib/constructs/audit/config-recorder-stack-set';
import {
  configRecorderTemplate,
  type ConfigRecorderTemplateProps,
} from '../../../lib/constructs/audit/config-recorder-template';
import {
  LoggingConformancePack,
  loggingBaselineRules,
  loggingBaselineTemplate,
} from '../../../lib/constructs/audit/logging-conformance-pack';
import {
  SecurityHubCentralConfiguration,
  type SecurityHubCentralConfigurationProps,
} from '../../../lib/constructs/audit/security-hub-central-configuration';
import { newStack } from '../../support/app';

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'cis-aws-foundations-benchmark/v/5.0.0';

function givenCentralConfiguration(overrides: Partial<SecurityHubCentralConfigurationProps> = {}) {
  const stack = newStack('333333333333', 'eu-west-1');
  const hub = new SecurityHubCentralConfiguration(stack, 'SecurityHub', {
    linkedRegions: ['eu-central-1', 'us-east-1'],
    standards: [FSBP, CIS],
    targets: [{ type: 'ROOT', id: 'r-ab12' }],
    ...overrides,
  });
  return { stack, hub, template: Template.fromStack(stack) };
}

describe('SecurityHubCentralConfiguration', () => {
  const { stack, hub, template } = givenCentralConfiguration({
    disabledControls: [{ id: 'Macie.1', reason: 'Macie is out of scope of this landing zone.' }],
    configServiceLinkedRoleCheck: false,
  });
  const logicalId = (type: string) => Object.keys(template.findResources(type))[0];

  test('aggregates findings from the linked governed regions into the home region', () => {
    template.hasResourceProperties('AWS::SecurityHub::FindingAggregator', {
      RegionLinkingMode: 'SPECIFIED_REGIONS',
      Regions: ['eu-central-1', 'us-east-1'],
    });
  });

  test('switches the organization to central configuration, with nothing auto-enabled locally', () => {
    template.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', {
      ConfigurationType: 'CENTRAL',
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
    });
  });

  test('orders aggregator, organization configuration, then policy and association', () => {
    const aggregator = logicalId('AWS::SecurityHub::FindingAggregator');
    const organization = logicalId('AWS::SecurityHub::OrganizationConfiguration');
    template.hasResource('AWS::SecurityHub::OrganizationConfiguration', { DependsOn: [aggregator] });
    template.hasResource('AWS::SecurityHub::ConfigurationPolicy', { DependsOn: [organization] });
    template.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
      ConfigurationPolicyId: stack.resolve(hub.policy.attrId),
    });
  });

  test('enables Security Hub with FSBP and CIS v5.0.0 in the home region, minus the disabled controls', () => {
    template.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', {
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: true,
          EnabledStandardIdentifiers: [
            'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
            'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0',
          ],
          SecurityControlsConfiguration: Match.objectLike({ DisabledSecurityControlIdentifiers: ['Macie.1'] }),
        },
      },
    });
  });

  test('keeps the reason of each disabled control with the policy', () => {
    template.hasResource('AWS::SecurityHub::ConfigurationPolicy', {
      Metadata: { DisabledControlReasons: { 'Macie.1': 'Macie is out of scope of this landing zone.' } },
    });
  });

  test('can stop Config.1 from demanding the service-linked role', () => {
    template.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', {
      ConfigurationPolicy: {
        SecurityHub: {
          SecurityControlsConfiguration: Match.objectLike({
            SecurityControlCustomParameters: [
              {
                SecurityControlId: 'Config.1',
                Parameters: { includeConfigServiceLinkedRoleCheck: { ValueType: 'CUSTOM', Value: { Boolean: false } } },
              },
            ],
          }),
        },
      },
    });
  });

  test('associates the policy with the root', () => {
    template.resourceCountIs('AWS::SecurityHub::PolicyAssociation', 1);
    template.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', { TargetType: 'ROOT', TargetId: 'r-ab12' });
  });

  test('associates the policy with each listed OU instead', () => {
    const ous = givenCentralConfiguration({
      targets: [
        { type: 'ORGANIZATIONAL_UNIT', id: 'ou-ab12-11111111' },
        { type: 'ORGANIZATIONAL_UNIT', id: 'ou-ab12-22222222' },
      ],
    }).template;
    ous.resourceCountIs('AWS::SecurityHub::PolicyAssociation', 2);
    for (const id of ['ou-ab12-11111111', 'ou-ab12-22222222']) {
      ous.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
        TargetType: 'ORGANIZATIONAL_UNIT',
        TargetId: id,
      });
    }
  });

  test('by default leaves every control on and Config.1 as Security Hub defines it, without reasons metadata', () => {
    const plain = givenCentralConfiguration().template;
    plain.hasResource('AWS::SecurityHub::ConfigurationPolicy', {
      Metadata: Match.absent(),
      Properties: {
        ConfigurationPolicy: {
          SecurityHub: Match.objectLike({
            SecurityControlsConfiguration: {
              DisabledSecurityControlIdentifiers: [],
              SecurityControlCustomParameters: Match.absent(),
            },
          }),
        },
      },
    });
  });

  test('governing the home region alone links every region except the partition ones known today', () => {
    givenCentralConfiguration({
      linkedRegions: [],
      partitionRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
    }).template.hasResourceProperties('AWS::SecurityHub::FindingAggregator', {
      RegionLinkingMode: 'ALL_REGIONS_EXCEPT_SPECIFIED',
      Regions: ['eu-central-1', 'us-east-1'],
    });
  });

  test('fails when no region is linked and the partition regions are unknown', () => {
    expect(() => givenCentralConfiguration({ linkedRegions: [] })).toThrow(
      'partitionRegions must list the other regions when no region is linked, got none',
    );
  });

  test('fails when the home region is listed as a linked region', () => {
    expect(() => givenCentralConfiguration({ linkedRegions: ['eu-west-1', 'eu-central-1'] })).toThrow(
      'linkedRegions must not include the home region, got eu-west-1, eu-central-1',
    );
  });

  test('fails when there is no target', () => {
    expect(() => givenCentralConfiguration({ targets: [] })).toThrow(
      'targets must name at least one root or OU, got none',
    );
  });
});

const TEMPLATE_PROPS: ConfigRecorderTemplateProps = {
  homeRegion: 'eu-west-1',
  bucketName: 'lz-config-222222222222-eu-west-1',
  bucketAccount: '222222222222',
  roleNamePrefix: 'lz-config-recorder',
};
const KEY_ARN = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const STACK_SET_PROPS: ConfigRecorderStackSetProps = {
  ...TEMPLATE_PROPS,
  stackSetName: 'lz-config-recorders',
  targets: ['r-ab12'],
  regions: ['eu-west-1', 'eu-central-1'],
  deliveryKeyArn: KEY_ARN,
};

describe('the member account recorder template', () => {
  const template = configRecorderTemplate(TEMPLATE_PROPS);

  test('records every supported type, global types only in the home region', () => {
    expect(template.Conditions).toMatchObject({
      IsHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
    });
    expect(template.Resources.Recorder).toEqual({
      Type: 'AWS::Config::ConfigurationRecorder',
      Properties: {
        Name: 'default',
        RoleARN: { 'Fn::GetAtt': ['RecorderRole', 'Arn'] },
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] } },
      },
    });
  });

  test('delivers to the central config bucket, encrypted with the key its parameter names, after the recorder exists', () => {
    expect(template.Resources.DeliveryChannel).toEqual({
      Type: 'AWS::Config::DeliveryChannel',
      DependsOn: 'Recorder',
      Properties: {
        Name: 'default',
        S3BucketName: 'lz-config-222222222222-eu-west-1',
        S3KmsKeyArn: { Ref: 'DeliveryKeyArn' },
        ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
      },
    });
    // AWS Config takes a key ARN, never an alias.
    const pattern = new RegExp((template.Parameters!.DeliveryKeyArn as { AllowedPattern: string }).AllowedPattern);
    expect(pattern.test(KEY_ARN)).toBe(true);
    expect(pattern.test('arn:aws:kms:eu-west-1:222222222222:alias/lz/logs')).toBe(false);
  });

  test("lets the recorder's role deliver only in the bucket's own account, where Config delivers as the role", () => {
    expect(template.Conditions).toMatchObject({
      DeliversToOwnAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '222222222222'] },
    });
    const policies = template.Resources.RecorderRole.Properties.Policies as { 'Fn::If': [string, any[], unknown] };
    expect(policies['Fn::If'][0]).toBe('DeliversToOwnAccount');
    expect(policies['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
    expect(policies['Fn::If'][1][0].PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetBucketAcl',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::lz-config-222222222222-eu-west-1' },
      },
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:s3:::lz-config-222222222222-eu-west-1/AWSLogs/${AWS::AccountId}/Config/*',
        },
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { Ref: 'DeliveryKeyArn' } },
    ]);
  });

  test('gives each region its own recorder role, assumable by AWS Config for this account only', () => {
    expect(template.Resources.RecorderRole.Properties).toMatchObject({
      RoleName: { 'Fn::Sub': 'lz-config-recorder-${AWS::Region}' },
      AssumeRolePolicyDocument: {
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
    });
  });

  test('fails when the role name leaves no room for the region', () => {
    expect(() => configRecorderTemplate({ ...TEMPLATE_PROPS, roleNamePrefix: 'x'.repeat(50) })).toThrow(
      `roleNamePrefix must be at most 49 IAM name characters, got ${'x'.repeat(50)}`,
    );
  });

  test('fails when the bucket account is no account ID', () => {
    expect(() => configRecorderTemplate({ ...TEMPLATE_PROPS, bucketAccount: 'log-archive' })).toThrow(
      'bucketAccount must be a 12-digit account ID, got log-archive',
    );
  });

  test('fails when the bucket name is no bucket name', () => {
    expect(() => configRecorderTemplate({ ...TEMPLATE_PROPS, bucketName: 'Not_A_Bucket' })).toThrow(
      'bucketName must be an S3 bucket name, got Not_A_Bucket',
    );
  });
});

describe('ConfigRecorderStackSet', () => {
  const stack = newStack('333333333333', 'eu-west-1');
  new ConfigRecorderStackSet(stack, 'Recorders', STACK_SET_PROPS);
  const template = Template.fromStack(stack);

  test('is service-managed, created by audit as delegated administrator, and deploys itself to new accounts', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-config-recorders',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    });
  });

  test('targets the root in every governed region, the home region included', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
    });
  });

  test('an account that fails alone does not roll back the others', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      OperationPreferences: Match.objectLike({
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        FailureTolerancePercentage: 10,
      }),
    });
  });

  test('carries the recorder template as its body, and the delivery key ARN as its parameter', () => {
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    expect(JSON.parse(stackSet.Properties.TemplateBody)).toEqual(configRecorderTemplate(TEMPLATE_PROPS));
    expect(stackSet.Properties.Parameters).toEqual([{ ParameterKey: 'DeliveryKeyArn', ParameterValue: KEY_ARN }]);
  });

  test('fails when the home region is not among the regions', () => {
    expect(
      () =>
        new ConfigRecorderStackSet(newStack('333333333333'), 'R', { ...STACK_SET_PROPS, regions: ['eu-central-1'] }),
    ).toThrow('regions must include the home region eu-west-1, got eu-central-1');
  });

  test('fails when there is no target', () => {
    expect(
      () => new ConfigRecorderStackSet(newStack('333333333333'), 'R', { ...STACK_SET_PROPS, targets: [] }),
    ).toThrow('targets must name at least one root or OU ID, got none');
  });
});

describe('OrganizationConfigAggregator', () => {
  const stack = newStack('333333333333', 'eu-west-1');
  const aggregator = new OrganizationConfigAggregator(stack, 'Aggregator', { aggregatorName: 'lz-organization' });
  const template = Template.fromStack(stack);

  test('aggregates every account of the organization in every region', () => {
    const role = aggregator.node.findChild('Role').node.defaultChild as any;
    template.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: 'lz-organization',
      OrganizationAggregationSource: { AllAwsRegions: true, RoleArn: stack.resolve(role.attrArn) },
    });
  });

  test('through a role only AWS Config in this account can assume, with the documented managed policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } },
          },
        ],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSConfigRoleForOrganizations'],
          ],
        },
      ],
    });
  });
});

const TRAIL_BUCKET = 'lz-cloudtrail-222222222222-eu-west-1';

describe('the logging baseline rules', () => {
  test('check the trail, its log file validation, public buckets and key rotation with AWS managed rules', () => {
    expect(
      Object.fromEntries(
        Object.entries(loggingBaselineRules({ trailBucketName: TRAIL_BUCKET })).map(([n, r]) => [n, r.identifier]),
      ),
    ).toEqual({
      'cloudtrail-enabled': 'CLOUD_TRAIL_ENABLED',
      'cloudtrail-log-file-validation-enabled': 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
      's3-bucket-public-read-prohibited': 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
      's3-bucket-public-write-prohibited': 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
      'cmk-backing-key-rotation-enabled': 'CMK_BACKING_KEY_ROTATION_ENABLED',
    });
  });

  test('require a trail delivering to the landing zone trail bucket, checked daily', () => {
    expect(loggingBaselineTemplate({ trailBucketName: TRAIL_BUCKET }).Resources.CloudtrailEnabled).toEqual({
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: 'cloudtrail-enabled',
        Source: { Owner: 'AWS', SourceIdentifier: 'CLOUD_TRAIL_ENABLED' },
        InputParameters: { s3BucketName: TRAIL_BUCKET },
        MaximumExecutionFrequency: 'TwentyFour_Hours',
      },
    });
  });

  test('in vault mode also require true MFA delete on the trail bucket, and only there', () => {
    const rule = loggingBaselineTemplate({ trailBucketName: TRAIL_BUCKET, vault: true }).Resources
      .TrailBucketMfaDeleteEnabled;
    expect(rule).toEqual({
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: 'trail-bucket-mfa-delete-enabled',
        Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' },
        InputParameters: { isMfaDeleteEnabled: 'true' },
        Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'], ComplianceResourceId: TRAIL_BUCKET },
      },
    });
    expect(
      loggingBaselineTemplate({ trailBucketName: TRAIL_BUCKET }).Resources.TrailBucketMfaDeleteEnabled,
    ).toBeUndefined();
  });
  // The template validator checks these in every region they deploy to: test/gates/validation.test.ts.
});

describe('LoggingConformancePack', () => {
  const stack = newStack('333333333333', 'eu-west-1');
  new LoggingConformancePack(stack, 'Pack', {
    packName: 'lz-logging-baseline',
    trailBucketName: TRAIL_BUCKET,
    excludedAccounts: ['111111111111'],
  });
  const template = Template.fromStack(stack);

  test('deploys the baseline to every account of the organization except those without a recorder', () => {
    template.hasResourceProperties('AWS::Config::OrganizationConformancePack', {
      OrganizationConformancePackName: 'lz-logging-baseline',
      ExcludedAccounts: ['111111111111'],
      TemplateBody: JSON.stringify(loggingBaselineTemplate({ trailBucketName: TRAIL_BUCKET })),
    });
  });

  test('excludes no account unless told', () => {
    const plain = newStack('333333333333');
    new LoggingConformancePack(plain, 'Pack', { packName: 'p', trailBucketName: TRAIL_BUCKET });
    Template.fromStack(plain).hasResourceProperties('AWS::Config::OrganizationConformancePack', {
      ExcludedAccounts: Match.absent(),
    });
  });
});

describe('OrganizationAccessAnalyzer', () => {
  test('analyzes with the organization as the zone of trust', () => {
    const stack = newStack('333333333333');
    new OrganizationAccessAnalyzer(stack, 'Analyzer', { analyzerName: 'lz-organization' });
    Template.fromStack(stack).hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerName: 'lz-organization',
      Type: 'ORGANIZATION',
    });
  });
});

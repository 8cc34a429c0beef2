import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { Naming } from '../../lib/naming';
import { AuditStack, auditStackId } from '../../lib/stacks/audit-stack';
import { CDK_CONTEXT, configWith, exampleConfig, synthLandingZone } from '../support/app';

const HOME_ONLY_TYPES = [
  'AWS::SecurityHub::FindingAggregator',
  'AWS::SecurityHub::OrganizationConfiguration',
  'AWS::SecurityHub::ConfigurationPolicy',
  'AWS::SecurityHub::PolicyAssociation',
  'AWS::Config::ConfigurationAggregator',
  'AWS::CloudFormation::StackSet',
  'AWS::Config::OrganizationConformancePack',
  'AWS::AccessAnalyzer::Analyzer',
];

/** The home-region audit stack alone, for the example config changed by `change`. */
function homeAuditTemplate(change: (raw: Record<string, any>) => void): Template {
  const config: LandingZoneConfig = configWith(change);
  const app = new App({ context: CDK_CONTEXT });
  const stack = new AuditStack(app, 'Audit', {
    env: { account: config.accounts.audit, region: config.regions.home },
    naming: new Naming(config),
    audit: config.audit,
    organization: config.organization,
    governedRegions: config.regions.governed,
    trailBucketVault: config.logArchive.trailBucket.mfaDelete === 'vault',
  });
  return Template.fromStack(stack);
}

describe('Audit stacks', () => {
  const { app, stacks } = synthLandingZone();
  const assembly = app.synth();
  const template = (region: string) => Template.fromJSON(assembly.getStackByName(auditStackId(region)).template);
  const home = template('eu-west-1');
  const other = template('eu-central-1');
  const auditStack = (region: string) => app.node.findChild(auditStackId(region)) as AuditStack;

  test('one stack per governed region, in the audit account, with termination protection and a description', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const stack = auditStack(region);
      expect([stack.account, stack.region, stack.terminationProtection]).toEqual(['333333333333', region, true]);
      expect(stack.templateOptions.description).toMatch(/^Landing zone audit/);
    }
    expect(stacks.audit).toBe(auditStack('eu-west-1'));
  });

  test('deploy after the management delegations and the log archive findings bucket and key', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(auditStack(region).dependencies).toEqual(expect.arrayContaining([stacks.management, stacks.logArchive]));
    }
  });

  test('every region has a configured detector, organization auto-enable and a findings export', () => {
    for (const t of [home, other]) {
      t.resourceCountIs('Custom::AWS', 5);
      t.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
        DestinationType: 'S3',
        DestinationProperties: Match.objectLike({
          DestinationArn: 'arn:aws:s3:::lz-guardduty-findings-222222222222-eu-west-1',
        }),
      });
      const calls = Object.values(t.findResources('Custom::AWS')).map((r) => JSON.stringify(r.Properties.Create));
      for (const action of ['CreateDetector', 'ListDetectors', 'UpdateDetector', 'UpdateOrganizationConfiguration']) {
        expect(calls.some((c) => c.includes(`\\"action\\":\\"${action}\\"`))).toBe(true);
      }
      expect(calls.some((c) => c.includes('alias/lz/guardduty-findings'))).toBe(true);
    }
  });

  test('the GuardDuty calls run as the named role the guardrail SCPs exempt, one per region', () => {
    for (const [region, t] of [
      ['eu-west-1', home],
      ['eu-central-1', other],
    ] as const) {
      t.hasResourceProperties('AWS::IAM::Role', { RoleName: `lz-audit-api-calls-${region}` });
    }
  });

  test('only the home region holds the organization-wide parts', () => {
    for (const type of HOME_ONLY_TYPES) {
      expect({ type, home: Object.keys(home.findResources(type)).length > 0 }).toEqual({ type, home: true });
      other.resourceCountIs(type, 0);
    }
  });

  test('Security Hub links the other governed regions and applies the baseline to the root', () => {
    home.hasResourceProperties('AWS::SecurityHub::FindingAggregator', {
      RegionLinkingMode: 'SPECIFIED_REGIONS',
      Regions: ['eu-central-1'],
    });
    home.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', { TargetType: 'ROOT', TargetId: 'r-ex12' });
    home.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', {
      Name: 'lz-baseline',
      ConfigurationPolicy: {
        SecurityHub: Match.objectLike({
          SecurityControlsConfiguration: Match.objectLike({ DisabledSecurityControlIdentifiers: ['Macie.1'] }),
        }),
      },
    });
  });

  test('AWS Config: an aggregator over the organization, recorders everywhere, then the conformance pack', () => {
    home.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      ConfigurationAggregatorName: 'lz-organization',
      OrganizationAggregationSource: Match.objectLike({ AllAwsRegions: true }),
    });
    const [stackSetId] = Object.keys(home.findResources('AWS::CloudFormation::StackSet'));
    home.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-config-recorders',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['r-ex12'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
    });
    home.hasResource('AWS::Config::OrganizationConformancePack', {
      DependsOn: [stackSetId],
      Properties: Match.objectLike({
        OrganizationConformancePackName: 'lz-logging-baseline',
        ExcludedAccounts: ['111111111111'],
      }),
    });
  });

  test('member recorders deliver to the config bucket with the log key alias, recording global types at home', () => {
    const [stackSet] = Object.values(home.findResources('AWS::CloudFormation::StackSet'));
    const member = JSON.parse(stackSet.Properties.TemplateBody);
    expect(member.Resources.DeliveryChannel.Properties).toMatchObject({
      S3BucketName: 'lz-config-222222222222-eu-west-1',
      S3KmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
    });
    expect(member.Conditions.IsHomeRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
  });

  test('an organization analyzer for IAM Access Analyzer', () => {
    home.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerName: 'lz-organization',
      Type: 'ORGANIZATION',
    });
  });

  test('with Control Tower recording Config, no recorder StackSet, and the conformance pack waits for nothing', () => {
    const ct = homeAuditTemplate((raw) => {
      raw.audit.controlTower.configRecording = true;
    });
    ct.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    ct.hasResource('AWS::Config::OrganizationConformancePack', { DependsOn: Match.absent() });
    ct.resourceCountIs('AWS::Config::ConfigurationAggregator', 1);
  });

  test('in vault mode the conformance pack checks true MFA delete on the trail bucket', () => {
    const vault = homeAuditTemplate((raw) => {
      raw.logArchive.trailBucket = { mfaDelete: 'vault', objectLock: { mode: 'GOVERNANCE', days: 365 } };
    });
    const [pack] = Object.values(vault.findResources('AWS::Config::OrganizationConformancePack'));
    expect(JSON.parse(pack.Properties.TemplateBody).Resources.TrailBucketMfaDeleteEnabled.Properties).toMatchObject({
      InputParameters: { isMfaDeleteEnabled: 'true' },
      Scope: { ComplianceResourceId: 'lz-cloudtrail-222222222222-eu-west-1' },
    });
    const [policyPack] = Object.values(home.findResources('AWS::Config::OrganizationConformancePack'));
    expect(JSON.parse(policyPack.Properties.TemplateBody).Resources).not.toHaveProperty('TrailBucketMfaDeleteEnabled');
  });

  test('Security Hub policies can target OUs by name instead of the root', () => {
    const ous = homeAuditTemplate((raw) => {
      raw.audit.securityHub.policyTargets = ['Workloads', 'Security'];
    });
    const ids = exampleConfig().organization.organizationalUnits;
    ous.resourceCountIs('AWS::SecurityHub::PolicyAssociation', 2);
    for (const name of ['Workloads', 'Security']) {
      ous.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
        TargetType: 'ORGANIZATIONAL_UNIT',
        TargetId: ids[name],
      });
    }
  });

  test('the home region stack matches the snapshot', () => {
    expect(home.toJSON()).toMatchSnapshot();
  });

  test('the other region stack matches the snapshot', () => {
    expect(other.toJSON()).toMatchSnapshot();
  });
});

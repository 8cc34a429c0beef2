import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { Naming } from '../../lib/naming';
import { AuditStack, auditStackId } from '../../lib/stacks/audit-stack';
import { CDK_CONTEXT, configWith, exampleConfig, synthLandingZone } from '../support/app';

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

/** The config recorder StackSet (the other StackSet is GuardDuty's). */
function recorderStackSet(template: Template) {
  const [stackSet] = Object.values(
    template.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-config-recorders' } }),
  );
  return stackSet;
}

describe('Audit stack', () => {
  const { app, stacks } = synthLandingZone();
  const assembly = app.synth();
  const home = Template.fromJSON(assembly.getStackByName(auditStackId('eu-west-1')).template);

  test('one stack, in the audit account home region, with termination protection and a description', () => {
    const audit = app.node.findChild(auditStackId('eu-west-1')) as AuditStack;
    expect([audit.account, audit.region, audit.terminationProtection]).toEqual(['333333333333', 'eu-west-1', true]);
    expect(audit.templateOptions.description).toMatch(/^Landing zone audit/);
    expect(stacks.audit).toBe(audit);
    expect(assembly.stacks.filter((s) => s.stackName.startsWith('Audit'))).toHaveLength(1);
  });

  test('deploys after the management delegations and the log archive findings bucket and key', () => {
    expect(stacks.audit.dependencies).toEqual(expect.arrayContaining([stacks.management, stacks.logArchive]));
  });

  test('runs GuardDuty in every governed region through one StackSet of this account', () => {
    home.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-guardduty',
      PermissionModel: 'SELF_MANAGED',
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['333333333333'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
    });
    // No GuardDuty resource of its own: every region, home included, is a stack instance.
    expect(Object.keys(home.toJSON().Resources).filter((id) => /Detector|PublishingDestination/.test(id))).toEqual([]);
  });

  test('the GuardDuty roles carry the name the guardrail SCPs exempt', () => {
    const exempt = new RegExp(`^${new Naming(exampleConfig()).guardDutyRoleArnPattern.split('/')[1].replace('*', '')}`);
    for (const name of ['lz-guardduty-stackset-admin', 'lz-guardduty-stackset-exec']) {
      home.hasResourceProperties('AWS::IAM::Role', { RoleName: name });
      expect(name).toMatch(exempt);
    }
    const [stackSet] = Object.values(
      home.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-guardduty' } }),
    );
    const body = JSON.parse(stackSet.Properties.TemplateBody);
    expect(body.Resources.HandlerRole.Properties.RoleName).toEqual({
      'Fn::Sub': 'lz-guardduty-detector-${AWS::Region}',
    });
    expect('lz-guardduty-detector-eu-central-1').toMatch(exempt);
  });

  test('GuardDuty exports to the findings bucket and key of the log archive, at the configured frequency', () => {
    const [stackSet] = Object.values(
      home.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-guardduty' } }),
    );
    const body = JSON.parse(stackSet.Properties.TemplateBody).Resources;
    expect(body.FindingsExport.Properties.DestinationProperties.DestinationArn).toBe(
      'arn:aws:s3:::lz-guardduty-findings-222222222222-eu-west-1',
    );
    expect(body.FindingsKey.Properties.AliasArn).toBe('arn:aws:kms:eu-west-1:222222222222:alias/lz/guardduty-findings');
    expect(body.Detector.Properties.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
  });

  test('refuses to be built outside the home region', () => {
    const config = exampleConfig();
    expect(
      () =>
        new AuditStack(new App({ context: CDK_CONTEXT }), 'Audit', {
          env: { account: config.accounts.audit, region: 'eu-central-1' },
          naming: new Naming(config),
          audit: config.audit,
          organization: config.organization,
          governedRegions: config.regions.governed,
          trailBucketVault: false,
        }),
    ).toThrow('the audit stack belongs in the home region eu-west-1, got eu-central-1');
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
    const [stackSetId] = Object.keys(
      home.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-config-recorders' } }),
    );
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
        // The management account records too, through its own StackSet.
        ExcludedAccounts: Match.absent(),
      }),
    });
  });

  test('member recorders deliver to the config bucket with the log key ARN read at deploy time, global types at home', () => {
    const stackSet = recorderStackSet(home);
    const member = JSON.parse(stackSet.Properties.TemplateBody);
    expect(member.Resources.DeliveryChannel.Properties).toMatchObject({
      S3BucketName: 'lz-config-222222222222-eu-west-1',
      S3KmsKeyArn: { Ref: 'DeliveryKeyArn' },
    });
    const [lookupId, lookup] = Object.entries(home.findResources('Custom::KmsAliasTarget'))[0];
    expect(JSON.parse(lookup.Properties.Create).parameters).toEqual({
      KeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
    });
    expect(stackSet.Properties.Parameters).toEqual([
      { ParameterKey: 'DeliveryKeyArn', ParameterValue: { 'Fn::GetAtt': [lookupId, 'KeyMetadata.Arn'] } },
    ]);
    expect(member.Conditions.IsHomeRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
  });

  test('an organization analyzer and the conformance pack in every governed region: here, and by StackSet elsewhere', () => {
    home.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      AnalyzerName: 'lz-organization',
      Type: 'ORGANIZATION',
    });
    const [recorders] = Object.keys(
      home.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-config-recorders' } }),
    );
    home.hasResource('AWS::CloudFormation::StackSet', {
      Properties: Match.objectLike({
        StackSetName: 'lz-audit-regions',
        StackInstancesGroup: [{ DeploymentTargets: { Accounts: ['333333333333'] }, Regions: ['eu-central-1'] }],
      }),
      // The other regions' conformance packs evaluate through their recorders too.
      DependsOn: Match.arrayWith([recorders]),
    });
  });

  test('with the home region governed alone, no StackSet for other regions', () => {
    const alone = homeAuditTemplate((raw) => {
      raw.regions.governed = ['eu-west-1'];
    });
    expect(
      alone.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-audit-regions' } }),
    ).toEqual({});
  });

  test('with Control Tower recording Config, no recorder StackSet, and the conformance pack waits for nothing', () => {
    const ct = homeAuditTemplate((raw) => {
      raw.audit.controlTower.configRecording = true;
    });
    expect(recorderStackSet(ct)).toBeUndefined();
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

  test('turns EBS encryption by default on in every member account and governed region, through a StackSet', () => {
    home.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-ebs-encryption',
      PermissionModel: 'SERVICE_MANAGED',
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['r-ex12'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
    });
  });

  test('without EBS encryption in the config, no StackSet for it', () => {
    const template = homeAuditTemplate(() => undefined);
    expect(
      Object.keys(
        template.findResources('AWS::CloudFormation::StackSet', { Properties: { StackSetName: 'lz-ebs-encryption' } }),
      ),
    ).toEqual([]);
  });

  test('the stack matches the snapshot', () => {
    expect(home.toJSON()).toMatchSnapshot();
  });
});

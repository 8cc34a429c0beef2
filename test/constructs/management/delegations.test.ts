import { type CfnElement, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { GuardDutyAdmin } from '../../../lib/constructs/management/guardduty-admin';
import { type GuardDutyAdminApi, onEvent } from '../../../lib/constructs/management/guardduty-admin-handler';
import {
  OrganizationServiceAccess,
  type OrganizationServiceAccessProps,
} from '../../../lib/constructs/management/organization-service-access';
import { SecurityServiceDelegations } from '../../../lib/constructs/management/security-service-delegations';
import { newStack } from '../../support/app';

const ORG = 'o-abcdefghij';
const AUDIT = '333333333333';

/** The parsed SDK calls of every AwsCustomResource of a type, in template order. */
function calls(template: Template, type: string) {
  return Object.entries(template.findResources(type)).map(([logicalId, r]) => ({
    logicalId,
    dependsOn: (r.DependsOn ?? []) as string[],
    create: JSON.parse(r.Properties.Create),
    update: JSON.parse(r.Properties.Update),
    delete: r.Properties.Delete === undefined ? undefined : JSON.parse(r.Properties.Delete),
  }));
}

function policyOf(template: Template, stack: Stack, resource: IConstruct) {
  const policy = resource.node.findChild('CustomResourcePolicy').node.defaultChild as CfnElement;
  return template.findResources('AWS::IAM::Policy')[stack.getLogicalId(policy)].Properties.PolicyDocument.Statement;
}

function givenAccess(overrides: Partial<OrganizationServiceAccessProps> = {}) {
  const stack = newStack('111111111111');
  const access = new OrganizationServiceAccess(stack, 'Access', {
    servicePrincipal: 'config.amazonaws.com',
    delegatedAdministrator: AUDIT,
    organizationId: ORG,
    logGroup: new logs.LogGroup(stack, 'Logs'),
    ...overrides,
  });
  return { stack, access, template: Template.fromStack(stack) };
}

describe('OrganizationServiceAccess', () => {
  const { stack, access, template } = givenAccess();

  test('enables trusted access on create and update, through the global Organizations endpoint', () => {
    const [trusted] = calls(template, 'Custom::OrganizationsTrustedAccess');
    const call = {
      service: 'Organizations',
      action: 'EnableAWSServiceAccess',
      parameters: { ServicePrincipal: 'config.amazonaws.com' },
      region: 'us-east-1',
      physicalResourceId: { id: 'trusted-access-config.amazonaws.com' },
    };
    expect(trusted.create).toEqual(call);
    expect(trusted.update).toEqual(call);
  });

  test('registers the delegated administrator after trusted access, accepting one already registered', () => {
    const [admin] = calls(template, 'Custom::OrganizationsDelegatedAdministrator');
    const call = {
      service: 'Organizations',
      action: 'RegisterDelegatedAdministrator',
      parameters: { AccountId: AUDIT, ServicePrincipal: 'config.amazonaws.com' },
      region: 'us-east-1',
      physicalResourceId: { id: `delegated-administrator-config.amazonaws.com-${AUDIT}` },
      ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException',
    };
    expect(admin.create).toEqual(call);
    expect(admin.update).toEqual(call);
    expect(admin.dependsOn).toContain(stack.getLogicalId(access.trustedAccess.node.defaultChild as CfnElement));
  });

  test('deleting the stack leaves trusted access and the delegation in place by default', () => {
    expect(calls(template, 'Custom::OrganizationsTrustedAccess')[0].delete).toBeUndefined();
    expect(calls(template, 'Custom::OrganizationsDelegatedAdministrator')[0].delete).toBeUndefined();
  });

  test('may enable trusted access for its service only, and register only its administrator', () => {
    const forConfig = { StringEquals: { 'organizations:ServicePrincipal': 'config.amazonaws.com' } };
    expect(policyOf(template, stack, access.trustedAccess)).toEqual([
      { Effect: 'Allow', Action: 'organizations:EnableAWSServiceAccess', Resource: '*', Condition: forConfig },
    ]);
    expect(policyOf(template, stack, access.delegatedAdministrator!)).toEqual([
      {
        Effect: 'Allow',
        Action: 'organizations:RegisterDelegatedAdministrator',
        Resource: `arn:aws:organizations::111111111111:account/${ORG}/${AUDIT}`,
        Condition: forConfig,
      },
    ]);
  });

  test('with DESTROY, deletion disables trusted access and deregisters, accepting one already gone', () => {
    const { template: destroy } = givenAccess({ removalPolicy: RemovalPolicy.DESTROY });
    expect(calls(destroy, 'Custom::OrganizationsTrustedAccess')[0].delete).toEqual({
      service: 'Organizations',
      action: 'DisableAWSServiceAccess',
      parameters: { ServicePrincipal: 'config.amazonaws.com' },
      region: 'us-east-1',
    });
    expect(calls(destroy, 'Custom::OrganizationsDelegatedAdministrator')[0].delete).toEqual({
      service: 'Organizations',
      action: 'DeregisterDelegatedAdministrator',
      parameters: { AccountId: AUDIT, ServicePrincipal: 'config.amazonaws.com' },
      region: 'us-east-1',
      ignoreErrorCodesMatching: 'AccountNotRegisteredException',
    });
  });

  test('activates StackSets through CloudFormation, which also creates its service-linked role', () => {
    const {
      stack: s,
      access: a,
      template: t,
    } = givenAccess({
      servicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com',
    });
    expect(calls(t, 'Custom::OrganizationsTrustedAccess')[0].create).toEqual({
      service: 'CloudFormation',
      action: 'ActivateOrganizationsAccess',
      parameters: {},
      region: 'eu-west-1',
      physicalResourceId: { id: 'trusted-access-member.org.stacksets.cloudformation.amazonaws.com' },
    });
    expect(policyOf(t, s, a.trustedAccess)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'iam:CreateServiceLinkedRole',
          Resource:
            'arn:aws:iam::111111111111:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'stacksets.cloudformation.amazonaws.com' } },
        }),
      ]),
    );
  });

  test('trusted access alone registers nobody', () => {
    const { template: t } = givenAccess({ delegatedAdministrator: undefined });
    t.resourceCountIs('Custom::OrganizationsDelegatedAdministrator', 0);
  });

  test('fails when the service principal is not one', () => {
    expect(() => givenAccess({ servicePrincipal: 'config' })).toThrow(
      'servicePrincipal must be an AWS service principal, got config',
    );
  });

  test('fails when the administrator is not an account ID', () => {
    expect(() => givenAccess({ delegatedAdministrator: 'audit' })).toThrow(
      'delegatedAdministrator must be a 12-digit account ID, got audit',
    );
  });
});

describe('GuardDutyAdmin', () => {
  const stack = newStack('111111111111');
  const admin = new GuardDutyAdmin(stack, 'GuardDuty', {
    adminAccountId: AUDIT,
    regions: ['eu-west-1', 'eu-central-1'],
    organizationId: ORG,
  });
  const template = Template.fromStack(stack);

  test('designates the audit account in every governed region, retained on delete', () => {
    template.hasResourceProperties('Custom::GuardDutyDelegatedAdministrator', {
      ServiceToken: Match.anyValue(),
      AdminAccountId: AUDIT,
      Regions: ['eu-west-1', 'eu-central-1'],
      RemovalPolicy: 'retain',
    });
    expect(admin.resource).toBeDefined();
  });

  test('runs the handler inline, on a current Node.js runtime, logging to a retained group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Code: { ZipFile: Match.stringLikeRegexp('EnableOrganizationAdminAccountCommand') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the handler may designate, but never remove, and register only the audit account for GuardDuty', () => {
    const forGuardDuty = { StringEquals: { 'organizations:ServicePrincipal': 'guardduty.amazonaws.com' } };
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'guardduty:EnableOrganizationAdminAccount',
              'guardduty:ListOrganizationAdminAccounts',
              'organizations:DescribeOrganization',
              'organizations:ListAWSServiceAccessForOrganization',
              'organizations:ListAccounts',
              'organizations:ListDelegatedAdministrators',
            ],
            Resource: '*',
          },
          {
            // GuardDuty reads the organization's accounts and OUs when it designates its administrator.
            Effect: 'Allow',
            Action: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
            Resource: [
              `arn:aws:organizations::111111111111:account/${ORG}/*`,
              `arn:aws:organizations::111111111111:ou/${ORG}/*`,
            ],
          },
          { Effect: 'Allow', Action: 'organizations:EnableAWSServiceAccess', Resource: '*', Condition: forGuardDuty },
          {
            Effect: 'Allow',
            Action: 'organizations:RegisterDelegatedAdministrator',
            Resource: `arn:aws:organizations::111111111111:account/${ORG}/${AUDIT}`,
            Condition: forGuardDuty,
          },
          {
            Effect: 'Allow',
            Action: 'iam:CreateServiceLinkedRole',
            Resource:
              'arn:aws:iam::111111111111:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('fails when no region is given', () => {
    expect(
      () => new GuardDutyAdmin(newStack(), 'G', { adminAccountId: AUDIT, regions: [], organizationId: ORG }),
    ).toThrow('regions must list at least one region, got none');
  });
});

describe('the GuardDuty delegation handler', () => {
  /** A fake GuardDuty with a current administrator per region, recording what the handler does. */
  function fakeGuardDuty(current: Record<string, string | undefined>) {
    const actions: string[] = [];
    const api: GuardDutyAdminApi = {
      listAdmins: async (region) =>
        current[region] ? [{ AdminAccountId: current[region], AdminStatus: 'ENABLED' }] : [],
      enable: async (region, id) => actions.push(`enable ${region} ${id}`),
      disable: async (region, id) => actions.push(`disable ${region} ${id}`),
    };
    return { api, actions };
  }
  const event = (RequestType: 'Create' | 'Update' | 'Delete', RemovalPolicy: 'retain' | 'destroy' = 'retain') => ({
    RequestType,
    PhysicalResourceId: `guardduty-delegated-admin-${AUDIT}`,
    ResourceProperties: { AdminAccountId: AUDIT, Regions: ['eu-west-1', 'eu-central-1'], RemovalPolicy },
  });
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('designates the administrator where there is none, and accepts it where it already is', async () => {
    const { api, actions } = fakeGuardDuty({ 'eu-west-1': AUDIT });
    await expect(onEvent(event('Create'), api)).resolves.toEqual({
      PhysicalResourceId: `guardduty-delegated-admin-${AUDIT}`,
    });
    expect(actions).toEqual([`enable eu-central-1 ${AUDIT}`]);
  });

  test('fails when another account is the administrator, naming it and the command that removes it', async () => {
    const { api, actions } = fakeGuardDuty({ 'eu-central-1': '444444444444' });
    await expect(onEvent(event('Update'), api)).rejects.toThrow(
      `GuardDuty in eu-central-1 already has delegated administrator 444444444444, not ${AUDIT}. Remove it first (aws guardduty disable-organization-admin-account --admin-account-id 444444444444 --region eu-central-1), then deploy again.`,
    );
    // The other region is still brought to the desired state.
    expect(actions).toEqual([`enable eu-west-1 ${AUDIT}`]);
  });

  const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });

  test("retries a call IAM denies while the role's new policy propagates, then designates", async () => {
    // GIVEN GuardDuty denying the first two listings, as IAM does until it applies a policy attached just before
    const { api, actions } = fakeGuardDuty({});
    const waits: number[] = [];
    let denials = 2;
    const listAdmins = api.listAdmins;
    api.listAdmins = async (region) => (denials-- > 0 ? Promise.reject(denied()) : listAdmins(region));
    api.sleep = async (ms) => void waits.push(ms);
    // WHEN the handler runs THEN it waits and retries, and designates in both regions
    await onEvent(event('Create'), api);
    expect(waits).toEqual([2000, 4000]);
    expect(actions).toEqual([`enable eu-west-1 ${AUDIT}`, `enable eu-central-1 ${AUDIT}`]);
  });

  test('fails when the call is still denied after about a minute, with the denial', async () => {
    const { api } = fakeGuardDuty({});
    const waits: number[] = [];
    api.enable = async () => Promise.reject(denied());
    api.sleep = async (ms) => void waits.push(ms);
    await expect(onEvent(event('Create'), api)).rejects.toThrow('not authorized | not authorized');
    // One minute in all, for the whole event: the second region is not retried again.
    expect(waits.reduce((a, b) => a + b, 0)).toBe(60000);
  });

  test('does not retry other errors', async () => {
    const { api } = fakeGuardDuty({});
    api.sleep = async () => {
      throw new Error('should not wait');
    };
    api.enable = async () => Promise.reject(Object.assign(new Error('bad'), { name: 'BadRequestException' }));
    await expect(onEvent(event('Create'), api)).rejects.toThrow('bad | bad');
  });

  test('a retained delegation survives the delete', async () => {
    const { api, actions } = fakeGuardDuty({ 'eu-west-1': AUDIT, 'eu-central-1': AUDIT });
    await onEvent(event('Delete'), api);
    expect(actions).toEqual([]);
  });

  test('a destroyed delegation is removed where it is this account, and left alone elsewhere', async () => {
    const { api, actions } = fakeGuardDuty({ 'eu-west-1': AUDIT, 'eu-central-1': '444444444444' });
    await onEvent(event('Delete', 'destroy'), api);
    expect(actions).toEqual([`disable eu-west-1 ${AUDIT}`]);
  });
});

describe('SecurityServiceDelegations', () => {
  const stack = newStack('111111111111');
  const delegations = new SecurityServiceDelegations(stack, 'Delegations', {
    organizationId: ORG,
    auditAccountId: AUDIT,
    governedRegions: ['eu-west-1', 'eu-central-1'],
    logGroup: new logs.LogGroup(stack, 'Logs'),
  });
  const template = Template.fromStack(stack);
  const enabled = calls(template, 'Custom::OrganizationsTrustedAccess');

  test('enables trusted access for every security service the landing zone uses', () => {
    expect(enabled.map((c) => c.create.parameters.ServicePrincipal ?? c.create.action)).toEqual([
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'access-analyzer.amazonaws.com',
      'ActivateOrganizationsAccess',
      'guardduty.amazonaws.com',
      // After the administrator: it then may create the malware scans' service-linked role in member accounts.
      'malware-protection.guardduty.amazonaws.com',
      'securityhub.amazonaws.com',
      'securitylake.amazonaws.com',
    ]);
  });

  test('makes audit the administrator of Config, its rules, Access Analyzer, StackSets, GuardDuty and Security Hub', () => {
    expect(calls(template, 'Custom::OrganizationsDelegatedAdministrator').map((c) => c.create.parameters)).toEqual(
      [
        'config.amazonaws.com',
        'config-multiaccountsetup.amazonaws.com',
        'access-analyzer.amazonaws.com',
        'member.org.stacksets.cloudformation.amazonaws.com',
      ].map((ServicePrincipal) => ({ AccountId: AUDIT, ServicePrincipal })),
    );
    template.hasResourceProperties('Custom::GuardDutyDelegatedAdministrator', { AdminAccountId: AUDIT });
    template.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: AUDIT });
  });

  test('Security Lake gets trusted access only; its administrator is registered through its own API', () => {
    expect(delegations.securityLake.delegatedAdministrator).toBeUndefined();
  });

  test('runs one Organizations change at a time, CloudTrail first', () => {
    const id = (c: IConstruct) => stack.getLogicalId((c.node.defaultChild ?? c) as CfnElement);
    const dependsOn = (c: IConstruct): string[] => template.toJSON().Resources[id(c)].DependsOn ?? [];
    const access = (name: string) => delegations.node.findChild(name) as OrganizationServiceAccess;
    const last = (a: OrganizationServiceAccess) => a.delegatedAdministrator ?? a.trustedAccess;
    const steps = ['CloudTrail', 'Config', 'ConfigRules', 'AccessAnalyzer', 'StackSets', 'GuardDuty'].map(access);

    // CloudTrail waits for nothing but its own policy.
    expect(dependsOn(steps[0].trustedAccess)).toEqual([
      id(steps[0].trustedAccess.node.findChild('CustomResourcePolicy')),
    ]);
    steps.slice(1).forEach((step, i) => expect(dependsOn(step.trustedAccess)).toContain(id(last(steps[i]))));
    expect(dependsOn(delegations.guardDutyAdmin.resource)).toContain(id(access('GuardDuty').trustedAccess));
    const malware = access('GuardDutyMalwareProtection').trustedAccess;
    expect(dependsOn(malware)).toContain(id(delegations.guardDutyAdmin.resource));
    expect(dependsOn(access('SecurityHub').trustedAccess)).toContain(id(malware));
    expect(dependsOn(delegations.securityHubAdmin)).toContain(id(access('SecurityHub').trustedAccess));
    expect(dependsOn(delegations.securityLake.trustedAccess)).toContain(id(delegations.securityHubAdmin));
  });

  test('creates every role and policy at the start: only the calls wait for each other', () => {
    // A policy created just before its call may not apply yet: IAM is eventually consistent.
    const waiting = Object.entries<any>(template.toJSON().Resources)
      .filter(([, r]) => ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function'].includes(r.Type))
      .filter(([, r]) => (r.DependsOn ?? []).some((d: string) => !/Role|Policy/.test(d)))
      .map(([logicalId, r]) => `${logicalId} waits for ${r.DependsOn.join(', ')}`);
    expect(waiting).toEqual([]);
  });
});

import { type CfnElement, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct, type IConstruct } from 'constructs';
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
    template.hasResourceProperties('Custom::GuardDutyDelegatedAdministrator', {
      Service: 'guardduty',
      AdminAccountId: AUDIT,
      Regions: ['eu-west-1', 'eu-central-1'],
      RemovalPolicy: 'retain',
    });
    // In the home region alone: central configuration sets the same administrator in the linked regions.
    template.hasResourceProperties('Custom::SecurityHubDelegatedAdministrator', {
      Service: 'securityhub',
      AdminAccountId: AUDIT,
      Regions: ['eu-west-1'],
      RemovalPolicy: 'retain',
    });
  });

  test("keeps 0.2's native Security Hub designation, under its logical ID, retained from now on", () => {
    // GIVEN the construct tree 0.2 built it in
    const old = newStack('111111111111');
    const v02 = new securityhub.CfnDelegatedAdmin(new Construct(old, 'Delegations'), 'SecurityHubAdmin', {
      adminAccountId: AUDIT,
    });
    // THEN the same logical ID, so CloudFormation updates its policies instead of deleting it
    const legacy = delegations.legacySecurityHubAdmin!;
    expect(stack.getLogicalId(legacy)).toBe(old.getLogicalId(v02));
    expect(template.toJSON().Resources[stack.getLogicalId(legacy)]).toEqual({
      Type: 'AWS::SecurityHub::DelegatedAdmin',
      Properties: { AdminAccountId: AUDIT },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      DependsOn: expect.any(Array),
    });
  });

  test('a Management stack created by this version may leave the native designation out', () => {
    const fresh = newStack('111111111111');
    const without = new SecurityServiceDelegations(fresh, 'Delegations', {
      organizationId: ORG,
      auditAccountId: AUDIT,
      governedRegions: ['eu-west-1'],
      logGroup: new logs.LogGroup(fresh, 'Logs'),
      legacySecurityHubAdmin: false,
    });
    const t = Template.fromStack(fresh);
    t.resourceCountIs('AWS::SecurityHub::DelegatedAdmin', 0);
    expect(without.legacySecurityHubAdmin).toBeUndefined();
    const securityHub = without.node.findChild('SecurityHub') as OrganizationServiceAccess;
    const id = (c: IConstruct) => fresh.getLogicalId((c.node.defaultChild ?? c) as CfnElement);
    expect(t.toJSON().Resources[id(without.securityHubAdmin.resource)].DependsOn).toContain(
      id(securityHub.trustedAccess),
    );
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
    // The native designation first: created after the custom resource, it would meet the designation there.
    const legacy = delegations.legacySecurityHubAdmin!;
    expect(dependsOn(legacy)).toContain(id(access('SecurityHub').trustedAccess));
    expect(dependsOn(delegations.securityHubAdmin.resource)).toContain(id(legacy));
    expect(dependsOn(delegations.securityLake.trustedAccess)).toContain(id(delegations.securityHubAdmin.resource));
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

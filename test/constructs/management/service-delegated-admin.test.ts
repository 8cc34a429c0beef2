import { type App, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  type DelegatedAdminService,
  ServiceDelegatedAdmin,
  type ServiceDelegatedAdminProps,
} from '../../../lib/constructs/management/service-delegated-admin';
import {
  type DelegatedAdminApi,
  type DelegatedAdminEvent,
  onEvent,
} from '../../../lib/constructs/management/service-delegated-admin-handler';
import { newStack } from '../../support/app';
import { decide } from '../../support/policy-decision';
import { deployedCustomResources } from '../../support/handlers/custom-resources';
import { awsError, HandlerHarness } from '../../support/handlers/harness';
import { runScenarios, ungrantedCalls, unexpectedOutcomes } from '../../support/handlers/scenarios';

const ORG = 'o-abcdefghij';
const MANAGEMENT = '111111111111';
const AUDIT = '333333333333';
const OTHER = '444444444444';
const REGIONS = ['eu-west-1', 'eu-central-1'];

function given(overrides: Partial<ServiceDelegatedAdminProps> = {}) {
  const stack = newStack(MANAGEMENT);
  const admin = new ServiceDelegatedAdmin(stack, 'Admin', {
    service: 'guardduty',
    adminAccountId: AUDIT,
    regions: REGIONS,
    organizationId: ORG,
    ...overrides,
  });
  return { stack, admin, template: Template.fromStack(stack) };
}

/** The one policy of the handler's role, as the IAM policy engine evaluates it. */
function handlerPolicy(stack: Stack, admin: ServiceDelegatedAdmin, template: Template) {
  const handler = admin.node.findChild('Provider').node.findChild('Handler') as any;
  const [policy] = Object.values<any>(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [stack.resolve(handler.role.roleName)] } }),
  );
  const identity = [policy.Properties.PolicyDocument];
  return (action: string, resource = '*', context: Record<string, string> = {}) =>
    decide(
      { principal: `arn:aws:iam::${MANAGEMENT}:role/handler`, action, resource, resourceAccount: MANAGEMENT, context },
      { identity },
    );
}

const SERVICES: ReadonlyArray<{
  service: DelegatedAdminService;
  type: string;
  principal: string;
  list: string;
  enable: string;
}> = [
  {
    service: 'guardduty',
    type: 'Custom::GuardDutyDelegatedAdministrator',
    principal: 'guardduty.amazonaws.com',
    list: 'guardduty:ListOrganizationAdminAccounts',
    enable: 'guardduty:EnableOrganizationAdminAccount',
  },
  {
    service: 'inspector2',
    type: 'Custom::InspectorDelegatedAdministrator',
    principal: 'inspector2.amazonaws.com',
    list: 'inspector2:ListDelegatedAdminAccounts',
    enable: 'inspector2:EnableDelegatedAdminAccount',
  },
  {
    service: 'securityhub',
    type: 'Custom::SecurityHubDelegatedAdministrator',
    principal: 'securityhub.amazonaws.com',
    list: 'securityhub:ListOrganizationAdminAccounts',
    enable: 'securityhub:EnableOrganizationAdminAccount',
  },
];

describe('ServiceDelegatedAdmin', () => {
  describe.each(SERVICES)('for $service', ({ service, type, principal, list, enable }) => {
    const { stack, admin, template } = given({ service });
    const as = handlerPolicy(stack, admin, template);
    const auditArn = `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${AUDIT}`;
    const forService = { 'organizations:ServicePrincipal': principal };

    test('designates the administrator in every region given, retained on delete', () => {
      template.hasResourceProperties(type, {
        ServiceToken: Match.anyValue(),
        Service: service,
        AdminAccountId: AUDIT,
        Regions: REGIONS,
        RemovalPolicy: 'retain',
      });
      expect(template.findResources(type)).toHaveProperty([
        stack.getLogicalId(admin.resource.node.defaultChild as any),
      ]);
    });

    test('runs the inlined handler, logging to a group a rolled-back first create does not leave behind', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Code: { ZipFile: Match.stringLikeRegexp('EnableDelegatedAdminAccountCommand') },
      });
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('its role may make its calls, and let the service enable trusted access and register audit', async () => {
      await expect(as(list)).resolves.toBe('Allowed');
      await expect(as(enable)).resolves.toBe('Allowed');
      await expect(as('organizations:DescribeOrganization')).resolves.toBe('Allowed');
      await expect(as('organizations:EnableAWSServiceAccess', '*', forService)).resolves.toBe('Allowed');
      await expect(as('organizations:RegisterDelegatedAdministrator', auditArn, forService)).resolves.toBe('Allowed');
    });

    test('its role may not register another account, act for another service, or remove the administrator', async () => {
      const other = `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${OTHER}`;
      const forConfig = { 'organizations:ServicePrincipal': 'config.amazonaws.com' };
      await expect(as('organizations:RegisterDelegatedAdministrator', other, forService)).resolves.toBe(
        'ImplicitlyDenied',
      );
      await expect(as('organizations:RegisterDelegatedAdministrator', auditArn, forConfig)).resolves.toBe(
        'ImplicitlyDenied',
      );
      await expect(as('organizations:EnableAWSServiceAccess', '*', forConfig)).resolves.toBe('ImplicitlyDenied');
      await expect(as(enable.replace('Enable', 'Disable'))).resolves.toBe('ImplicitlyDenied');
      await expect(as('organizations:DeregisterDelegatedAdministrator', auditArn, forService)).resolves.toBe(
        'ImplicitlyDenied',
      );
    });
  });

  test("GuardDuty's and Inspector's role reads the organization's accounts and OUs, and only this one's", async () => {
    for (const service of ['guardduty', 'inspector2'] as const) {
      const { stack, admin, template } = given({ service });
      const as = handlerPolicy(stack, admin, template);
      const arn = (kind: string, org: string, id: string) =>
        `arn:aws:organizations::${MANAGEMENT}:${kind}/${org}/${id}`;
      await expect(as('organizations:DescribeAccount', arn('account', ORG, OTHER))).resolves.toBe('Allowed');
      await expect(as('organizations:DescribeOrganizationalUnit', arn('ou', ORG, 'ou-ab12-cdef3456'))).resolves.toBe(
        'Allowed',
      );
      await expect(as('organizations:DescribeAccount', arn('account', 'o-zzzzzzzzzz', OTHER))).resolves.toBe(
        'ImplicitlyDenied',
      );
    }
  });

  test("only Inspector's role may create a service-linked role, and only Inspector's in this account", async () => {
    const slr = (svc: string, name: string) => `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/${svc}/${name}`;
    const inspector = given({ service: 'inspector2' });
    const asInspector = handlerPolicy(inspector.stack, inspector.admin, inspector.template);
    const forInspector = { 'iam:AWSServiceName': 'inspector2.amazonaws.com' };
    await expect(
      asInspector(
        'iam:CreateServiceLinkedRole',
        slr('inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'),
        forInspector,
      ),
    ).resolves.toBe('Allowed');
    await expect(
      asInspector('iam:CreateServiceLinkedRole', slr('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'), {
        'iam:AWSServiceName': 'guardduty.amazonaws.com',
      }),
    ).resolves.toBe('ImplicitlyDenied');
    // GuardDuty needs its role only when the management account designates itself, which is refused.
    const guardDuty = given({ service: 'guardduty' });
    await expect(
      handlerPolicy(guardDuty.stack, guardDuty.admin, guardDuty.template)(
        'iam:CreateServiceLinkedRole',
        slr('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'),
        { 'iam:AWSServiceName': 'guardduty.amazonaws.com' },
      ),
    ).resolves.toBe('ImplicitlyDenied');
  });

  test('with DESTROY, its role may also remove the designation', async () => {
    const { stack, admin, template } = given({ service: 'securityhub', removalPolicy: RemovalPolicy.DESTROY });
    const as = handlerPolicy(stack, admin, template);
    await expect(as('securityhub:DisableOrganizationAdminAccount')).resolves.toBe('Allowed');
    template.hasResourceProperties('Custom::SecurityHubDelegatedAdministrator', { RemovalPolicy: 'destroy' });
  });

  test('fails when no region is given', () => {
    expect(() => given({ regions: [] })).toThrow('regions must list at least one region, got none');
  });

  test('fails when the administrator is not an account ID', () => {
    expect(() => given({ adminAccountId: 'audit' })).toThrow('adminAccountId must be a 12-digit account ID, got audit');
  });

  test('fails when the administrator is the management account itself', () => {
    expect(() => given({ adminAccountId: MANAGEMENT })).toThrow(
      `adminAccountId must not be the management account that designates it, got ${MANAGEMENT}`,
    );
  });

  test('fails when the removal policy is neither RETAIN nor DESTROY', () => {
    expect(() => given({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      'removalPolicy must be RETAIN or DESTROY, got snapshot',
    );
  });
});

describe('ServiceDelegatedAdmin with DESTROY, run through its deployed handler', () => {
  let harness: HandlerHarness;
  beforeAll(() => {
    harness = new HandlerHarness();
  });
  afterAll(() => harness.restore());

  test.each(['guardduty', 'inspector2', 'securityhub'] as const)(
    '%s: deleting removes the designation where it is audit, and the role grants every call',
    async (service) => {
      // GIVEN audit administering the service in every region
      const { stack } = given({ service, removalPolicy: RemovalPolicy.DESTROY });
      const [resource] = deployedCustomResources((stack.node.root as App).synth());
      const admins = {
        'guardduty:ListOrganizationAdminAccounts': {
          AdminAccounts: [{ AdminAccountId: AUDIT, AdminStatus: 'ENABLED' }],
        },
        'inspector2:ListDelegatedAdminAccounts': { delegatedAdminAccounts: [{ accountId: AUDIT, status: 'ENABLED' }] },
        'securityhub:ListOrganizationAdminAccounts': { AdminAccounts: [{ AccountId: AUDIT, Status: 'ENABLED' }] },
      };
      // WHEN CloudFormation creates and then deletes it
      const results = await runScenarios(harness, resource, [
        { name: 'create', requestType: 'Create', answers: admins },
        { name: 'delete', requestType: 'Delete', answers: admins },
      ]);
      // THEN the delete disabled it in each region, and nothing the role lacks was called
      expect(unexpectedOutcomes(resource, results)).toEqual([]);
      const disabled = results[1].calls.filter((c) => /^Disable/.test(c.operation)).map((c) => c.region);
      expect(disabled).toEqual(REGIONS);
      expect(await ungrantedCalls(resource, results, { managementAccount: MANAGEMENT, organizationId: ORG })).toEqual(
        [],
      );
    },
  );
});

describe('the delegated-admin handler', () => {
  /** A fake service with the administrators of each region, recording what the handler does. */
  function fake(current: Record<string, Array<{ accountId: string; status: string }>>, roleError?: Error) {
    const actions: string[] = [];
    const api: DelegatedAdminApi = {
      listAdmins: async (region) => current[region] ?? [],
      enable: async (region, id) => void actions.push(`enable ${region} ${id}`),
      disable: async (region, id) => void actions.push(`disable ${region} ${id}`),
      createServiceLinkedRole: async () => {
        actions.push('createServiceLinkedRole');
        if (roleError) throw roleError;
      },
    };
    return { api, actions };
  }
  const enabled = (accountId: string) => [{ accountId, status: 'ENABLED' }];
  const event = (
    RequestType: DelegatedAdminEvent['RequestType'],
    Service: DelegatedAdminService = 'guardduty',
    RemovalPolicy: 'retain' | 'destroy' = 'retain',
  ): DelegatedAdminEvent => ({
    RequestType,
    PhysicalResourceId: `${Service}-delegated-admin-${AUDIT}`,
    ResourceProperties: { Service, AdminAccountId: AUDIT, Regions: REGIONS, RemovalPolicy },
  });
  const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('designates the administrator where there is none, and accepts it where it already is', async () => {
    const { api, actions } = fake({ 'eu-west-1': enabled(AUDIT) });
    await expect(onEvent(event('Create'), api)).resolves.toEqual({
      PhysicalResourceId: `guardduty-delegated-admin-${AUDIT}`,
    });
    expect(actions).toEqual([`enable eu-central-1 ${AUDIT}`]);
  });

  test('an update designates it wherever it is missing', async () => {
    const { api, actions } = fake({});
    await onEvent(event('Update', 'securityhub'), api);
    expect(actions).toEqual([`enable eu-west-1 ${AUDIT}`, `enable eu-central-1 ${AUDIT}`]);
  });

  test.each([
    [
      'guardduty',
      `GuardDuty in eu-central-1 already has delegated administrator ${OTHER}, not ${AUDIT}. Remove it first (aws guardduty disable-organization-admin-account --admin-account-id ${OTHER} --region eu-central-1), then deploy again.`,
    ],
    [
      'inspector2',
      `Inspector in eu-central-1 already has delegated administrator ${OTHER}, not ${AUDIT}. Remove it first (aws inspector2 disable-delegated-admin-account --delegated-admin-account-id ${OTHER} --region eu-central-1), then deploy again.`,
    ],
    [
      'securityhub',
      `Security Hub in eu-central-1 already has delegated administrator ${OTHER}, not ${AUDIT}. Remove it first (aws organizations deregister-delegated-administrator --account-id ${OTHER} --service-principal securityhub.amazonaws.com, which removes it in every region and ends its central configuration), then deploy again.`,
    ],
  ] as const)(
    'fails when another account administers %s, naming it and the command that removes it',
    async (service, message) => {
      const { api, actions } = fake({ 'eu-central-1': enabled(OTHER) }, undefined);
      await expect(onEvent(event('Create', service), api)).rejects.toThrow(message);
      // The other region is still brought to the desired state.
      expect(actions.filter((a) => a.startsWith('enable'))).toEqual([`enable eu-west-1 ${AUDIT}`]);
    },
  );

  test('fails, asking to deploy again later, while an administrator is being removed', async () => {
    const { api, actions } = fake({
      'eu-west-1': [{ accountId: OTHER, status: 'DISABLE_IN_PROGRESS' }],
      'eu-central-1': [{ accountId: AUDIT, status: 'DISABLE_IN_PROGRESS' }],
    });
    await expect(onEvent(event('Create'), api)).rejects.toThrow(
      `GuardDuty in eu-west-1 already has delegated administrator ${OTHER}, not ${AUDIT}. It is being removed: deploy again once it is gone. | GuardDuty in eu-central-1 is removing ${AUDIT} (DISABLE_IN_PROGRESS): deploy again once it is gone.`,
    );
    expect(actions).toEqual([]);
  });

  test("creates Inspector's service-linked role first, and accepts one that exists", async () => {
    const taken = Object.assign(
      new Error(
        'Service role name AWSServiceRoleForAmazonInspector2 has been taken in this account, please try a different suffix.',
      ),
      { name: 'InvalidInputException' },
    );
    const { api, actions } = fake({ 'eu-west-1': enabled(AUDIT) }, taken);
    await expect(onEvent(event('Create', 'inspector2'), api)).resolves.toEqual({
      PhysicalResourceId: `inspector2-delegated-admin-${AUDIT}`,
    });
    expect(actions).toEqual(['createServiceLinkedRole', `enable eu-central-1 ${AUDIT}`]);
  });

  test('creates no service-linked role for GuardDuty or Security Hub', async () => {
    for (const service of ['guardduty', 'securityhub'] as const) {
      const { api, actions } = fake({});
      await onEvent(event('Create', service), api);
      expect(actions).not.toContain('createServiceLinkedRole');
    }
  });

  test('fails when the service-linked role cannot be created for another reason', async () => {
    const { api } = fake({}, Object.assign(new Error('quota'), { name: 'LimitExceededException' }));
    await expect(onEvent(event('Create', 'inspector2'), api)).rejects.toThrow('quota');
  });

  test("retries a call IAM denies while the role's new policy propagates, then designates", async () => {
    // GIVEN the service denying the first two listings, as IAM does until it applies a policy attached just before
    const { api, actions } = fake({});
    const waits: number[] = [];
    let denials = 2;
    const listAdmins = api.listAdmins;
    api.listAdmins = async (region) => (denials-- > 0 ? Promise.reject(denied()) : listAdmins(region));
    api.sleep = async (ms) => void waits.push(ms);
    // WHEN the handler runs THEN it waits and retries, and designates in both regions
    await onEvent(event('Create', 'securityhub'), api);
    expect(waits).toEqual([2000, 4000]);
    expect(actions).toEqual([`enable eu-west-1 ${AUDIT}`, `enable eu-central-1 ${AUDIT}`]);
  });

  test("retries IAM's denial of the service-linked role too", async () => {
    const { api, actions } = fake({});
    let denials = 1;
    api.createServiceLinkedRole = async () => {
      if (denials-- > 0) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
      actions.push('createServiceLinkedRole');
    };
    api.sleep = async () => undefined;
    await onEvent(event('Create', 'inspector2'), api);
    expect(actions[0]).toBe('createServiceLinkedRole');
  });

  test('fails when the call is still denied after about a minute, with the denial', async () => {
    const { api } = fake({});
    const waits: number[] = [];
    api.enable = async () => Promise.reject(denied());
    api.sleep = async (ms) => void waits.push(ms);
    await expect(onEvent(event('Create'), api)).rejects.toThrow('not authorized | not authorized');
    // One minute in all, for the whole event: the second region is not retried again.
    expect(waits.reduce((a, b) => a + b, 0)).toBe(60000);
  });

  test('does not retry other errors', async () => {
    const { api } = fake({});
    api.sleep = async () => {
      throw new Error('should not wait');
    };
    api.enable = async () => Promise.reject(Object.assign(new Error('bad'), { name: 'BadRequestException' }));
    await expect(onEvent(event('Create'), api)).rejects.toThrow('bad | bad');
  });

  test.each(['guardduty', 'inspector2', 'securityhub'] as const)(
    '%s: a retained designation survives the delete, and a rolled-back first create',
    async (service) => {
      const { api, actions } = fake({ 'eu-west-1': enabled(AUDIT), 'eu-central-1': enabled(AUDIT) });
      await expect(onEvent(event('Delete', service), api)).resolves.toEqual({
        PhysicalResourceId: `${service}-delegated-admin-${AUDIT}`,
      });
      expect(actions).toEqual([]);
    },
  );

  test('a destroyed designation is removed where it is this account, and left alone elsewhere', async () => {
    const { api, actions } = fake({ 'eu-west-1': enabled(AUDIT), 'eu-central-1': enabled(OTHER) });
    await onEvent(event('Delete', 'guardduty', 'destroy'), api);
    expect(actions).toEqual([`disable eu-west-1 ${AUDIT}`]);
  });

  test('fails when the service is not one it knows', async () => {
    const { api } = fake({});
    await expect(onEvent(event('Create', 'macie' as DelegatedAdminService), api)).rejects.toThrow(
      'Service must be one of guardduty, inspector2, securityhub, got macie',
    );
  });

  test('an SDK error answers as itself', async () => {
    const { api } = fake({});
    api.listAdmins = async () => awsError('InvalidAccessException', 'not the management account')();
    await expect(onEvent(event('Create', 'securityhub'), api)).rejects.toThrow(
      'not the management account | not the management account',
    );
  });
});

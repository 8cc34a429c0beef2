import { Match, Template } from 'aws-cdk-lib/assertions';
import { InspectorAdmin } from '../../../lib/constructs/management/inspector-admin';
import {
  type InspectorAdminApi,
  type InspectorAdminEvent,
  onEvent,
} from '../../../lib/constructs/management/inspector-admin-handler';
import { newStack } from '../../support/app';
import { decide } from '../../support/baseline-simulation';

const ORG = 'o-abcdefghij';
const MANAGEMENT = '111111111111';
const AUDIT = '333333333333';
const REGIONS = ['eu-west-1', 'eu-central-1'];

describe('InspectorAdmin', () => {
  const stack = newStack(MANAGEMENT);
  const admin = new InspectorAdmin(stack, 'Inspector', {
    adminAccountId: AUDIT,
    regions: REGIONS,
    organizationId: ORG,
  });
  const template = Template.fromStack(stack);

  test('designates the audit account in every governed region', () => {
    template.hasResourceProperties('Custom::InspectorDelegatedAdministrator', {
      ServiceToken: Match.anyValue(),
      AdminAccountId: AUDIT,
      Regions: REGIONS,
    });
    expect(admin.resource).toBeDefined();
  });

  test('runs the handler inline, on a current Node.js runtime, logging to a retained group', () => {
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

  test("the handler's role allows each of its calls, for Inspector and the audit account only", async () => {
    const role = stack.resolve((admin.node.findChild('Handler') as any).role.roleName);
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [role] } }),
    ) as any[];
    const identity = [policy.Properties.PolicyDocument];
    const as = (action: string, resource = '*', context = {}) =>
      decide(
        {
          principal: `arn:aws:iam::${MANAGEMENT}:role/handler`,
          action,
          resource,
          resourceAccount: MANAGEMENT,
          context,
        },
        { identity },
      );
    const forInspector = { 'organizations:ServicePrincipal': 'inspector2.amazonaws.com' };
    const slr = `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`;
    // The handler's own calls, and what EnableDelegatedAdminAccount does in Organizations on its behalf.
    await expect(as('inspector2:ListDelegatedAdminAccounts')).resolves.toBe('Allowed');
    await expect(as('inspector2:EnableDelegatedAdminAccount')).resolves.toBe('Allowed');
    await expect(
      as('iam:CreateServiceLinkedRole', slr, { 'iam:AWSServiceName': 'inspector2.amazonaws.com' }),
    ).resolves.toBe('Allowed');
    await expect(as('organizations:EnableAWSServiceAccess', '*', forInspector)).resolves.toBe('Allowed');
    await expect(
      as(
        'organizations:RegisterDelegatedAdministrator',
        `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${AUDIT}`,
        forInspector,
      ),
    ).resolves.toBe('Allowed');
    // Never another service's delegation, another account, or removing the administrator.
    await expect(
      as('organizations:EnableAWSServiceAccess', '*', { 'organizations:ServicePrincipal': 'guardduty.amazonaws.com' }),
    ).resolves.toBe('ImplicitlyDenied');
    await expect(
      as(
        'organizations:RegisterDelegatedAdministrator',
        `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/444444444444`,
        forInspector,
      ),
    ).resolves.toBe('ImplicitlyDenied');
    await expect(as('inspector2:DisableDelegatedAdminAccount')).resolves.toBe('ImplicitlyDenied');
  });

  test('fails when the administrator is not an account ID, or no region is given', () => {
    expect(
      () =>
        new InspectorAdmin(newStack(MANAGEMENT), 'I', {
          adminAccountId: 'audit',
          regions: REGIONS,
          organizationId: ORG,
        }),
    ).toThrow('adminAccountId must be a 12-digit account ID, got audit');
    expect(
      () => new InspectorAdmin(newStack(MANAGEMENT), 'I', { adminAccountId: AUDIT, regions: [], organizationId: ORG }),
    ).toThrow('regions must list at least one region, got none');
  });
});

describe('Inspector admin handler', () => {
  const event = (overrides: Partial<InspectorAdminEvent> = {}): InspectorAdminEvent => ({
    RequestType: 'Create',
    ResourceProperties: { AdminAccountId: AUDIT, Regions: REGIONS },
    ...overrides,
  });

  function fakeInspector(admins: Record<string, Array<{ accountId: string; status: string }>>, roleError?: Error) {
    const calls: string[] = [];
    const api: InspectorAdminApi = {
      listAdmins: async (region) => (calls.push(`list ${region}`), admins[region] ?? []),
      enable: async (region, id) => void calls.push(`enable ${region} ${id}`),
      createServiceLinkedRole: async () => {
        calls.push('createServiceLinkedRole');
        if (roleError) throw roleError;
      },
    };
    return { api, calls };
  }
  const taken = Object.assign(
    new Error(
      'Service role name AWSServiceRoleForAmazonInspector2 has been taken in this account, please try a different suffix.',
    ),
    { name: 'InvalidInputException' },
  );

  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('creates the service-linked role and designates the administrator in each region', async () => {
    const { api, calls } = fakeInspector({});
    await expect(onEvent(event(), api)).resolves.toEqual({ PhysicalResourceId: `inspector-delegated-admin-${AUDIT}` });
    expect(calls).toEqual([
      'createServiceLinkedRole',
      'list eu-west-1',
      `enable eu-west-1 ${AUDIT}`,
      'list eu-central-1',
      `enable eu-central-1 ${AUDIT}`,
    ]);
  });

  test('an administrator and a role that already exist are accepted, on update too', async () => {
    const { api, calls } = fakeInspector({ 'eu-west-1': [{ accountId: AUDIT, status: 'ENABLED' }] }, taken);
    await expect(onEvent(event({ RequestType: 'Update' }), api)).resolves.toBeDefined();
    expect(calls).toEqual([
      'createServiceLinkedRole',
      'list eu-west-1',
      'list eu-central-1',
      `enable eu-central-1 ${AUDIT}`,
    ]);
  });

  test('fails by name, with the command that frees the region, when another account administers it', async () => {
    const { api } = fakeInspector({ 'eu-central-1': [{ accountId: '999999999999', status: 'ENABLED' }] });
    await expect(onEvent(event(), api)).rejects.toThrow(
      'Inspector in eu-central-1 already has delegated administrator 999999999999, not 333333333333. Remove it first (aws inspector2 disable-delegated-admin-account --delegated-admin-account-id 999999999999 --region eu-central-1), then deploy again.',
    );
  });

  test('any other failure to create the role fails the deployment', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    await expect(onEvent(event(), fakeInspector({}, denied).api)).rejects.toThrow('not authorized');
  });

  test('deleting, or a rolled-back first create, changes nothing: the organization keeps its administrator', async () => {
    const { api, calls } = fakeInspector({});
    await expect(onEvent(event({ RequestType: 'Delete', PhysicalResourceId: 'x' }), api)).resolves.toEqual({
      PhysicalResourceId: 'x',
    });
    expect(calls).toEqual([]);
  });
});

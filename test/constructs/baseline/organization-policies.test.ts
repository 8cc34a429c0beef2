import { type CfnResource, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  OrganizationPolicies,
  type OrganizationPoliciesProps,
  type OrganizationPolicy,
} from '../../../lib/constructs/baseline/organization-policies';
import { s3BlockPublicAccessPolicy } from '../../../lib/constructs/baseline/s3-block-public-access-policy';
import { OrganizationPolicyType, POLICY_TYPE_WAIT } from '../../../lib/constructs/management/organization-policy-type';
import {
  isComplete,
  onEvent,
  type OrganizationPolicyTypeApi,
  type OrganizationPolicyTypeEvent,
} from '../../../lib/constructs/management/organization-policy-type-handler';
import { newStack } from '../../support/app';
import { decide } from '../../support/baseline-simulation';

const ORG = 'o-abcdefghij';
const ROOT = 'r-ab12';
const MANAGEMENT = '111111111111';
const ROOT_ARN = `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/${ROOT}`;

const S3: OrganizationPolicy = {
  id: 'S3BlockPublicAccess',
  type: 'S3_POLICY',
  name: 'lz-s3-block-public-access',
  description: 'S3 Block Public Access',
  content: s3BlockPublicAccessPolicy('all'),
  targetIds: [ROOT],
};
const RCP: OrganizationPolicy = {
  id: 'DataPerimeter',
  type: 'RESOURCE_CONTROL_POLICY',
  name: 'lz-data-perimeter',
  description: 'Data perimeter',
  content: { Version: '2012-10-17', Statement: [] },
  targetIds: [ROOT, 'ou-ab12-11111111'],
};

function givenPolicies(overrides: Partial<OrganizationPoliciesProps> = {}) {
  const stack = newStack(MANAGEMENT);
  const construct = new OrganizationPolicies(stack, 'Baseline', {
    organizationId: ORG,
    rootId: ROOT,
    policies: [S3, RCP],
    ...overrides,
  });
  return { stack, construct, template: Template.fromStack(stack) };
}

const logicalId = (stack: Stack, c: Construct) =>
  stack.getLogicalId((c instanceof OrganizationPolicyType ? c.resource.node.defaultChild : c) as CfnResource);

describe('OrganizationPolicies', () => {
  const { stack, construct, template } = givenPolicies();

  test('creates each policy with its type, content and targets', () => {
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-s3-block-public-access',
      Type: 'S3_POLICY',
      Content: { s3_attributes: { public_access_block_configuration: { '@@assign': 'all' } } },
      TargetIds: [ROOT],
    });
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-data-perimeter',
      Type: 'RESOURCE_CONTROL_POLICY',
      TargetIds: [ROOT, 'ou-ab12-11111111'],
    });
  });

  test('enables each type on the root first, and attaches one policy after another', () => {
    template.resourceCountIs('Custom::OrganizationsPolicyType', 2);
    template.hasResourceProperties('Custom::OrganizationsPolicyType', { RootId: ROOT, PolicyType: 'S3_POLICY' });
    const types = construct.node.children.filter((c) => c instanceof OrganizationPolicyType);
    const [s3Type, rcpType] = types.map((t) => logicalId(stack, t));
    const resources = template.toJSON().Resources;
    const s3 = logicalId(stack, construct.policies.S3BlockPublicAccess);
    const rcp = logicalId(stack, construct.policies.DataPerimeter);
    expect(resources[s3].DependsOn).toContain(s3Type);
    expect(resources[rcp].DependsOn).toEqual(expect.arrayContaining([rcpType, s3]));
    // Organizations takes one change at a time: the second type waits for the first.
    expect(resources[rcpType].DependsOn).toContain(s3Type);
  });

  test('deleting a policy from the config detaches and deletes it: policies are not retained', () => {
    for (const policy of Object.values(template.findResources('AWS::Organizations::Policy'))) {
      expect(policy.DeletionPolicy).toBeUndefined();
    }
  });

  test('waits on a type enabled elsewhere instead of enabling it again', () => {
    const stack2 = newStack(MANAGEMENT);
    const scpType = new Construct(stack2, 'ScpTypeEnabledByGuardrails');
    const other = new OrganizationPolicies(stack2, 'Baseline', {
      organizationId: ORG,
      rootId: ROOT,
      policies: [{ ...S3, id: 'Region', type: 'SERVICE_CONTROL_POLICY', name: 'lz-region-guardrail' }],
      enabledTypes: { SERVICE_CONTROL_POLICY: scpType },
    });
    const t = Template.fromStack(stack2);
    t.resourceCountIs('Custom::OrganizationsPolicyType', 0);
    expect(other.policies.Region.node.dependencies).toContain(scpType);
  });

  test('the type provider polls with a bounded wait, logging its waiter in full', () => {
    expect(POLICY_TYPE_WAIT.toMinutes()).toBe(10);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('fails when a policy is over its type size quota, naming the policy and the size', () => {
    const big = { ...RCP, content: { Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5200) }] } };
    expect(() => givenPolicies({ policies: [big] })).toThrow(
      /^policy lz-data-perimeter is 52\d\d characters, over the 5120-character quota of RESOURCE_CONTROL_POLICY$/,
    );
  });

  test('fails when a target would carry more SCPs than Organizations allows, counting FullAWSAccess', () => {
    const guardrails = ['a', 'b', 'c', 'd'].map((name) => ({
      type: 'SERVICE_CONTROL_POLICY' as const,
      name,
      targets: [ROOT],
    }));
    const region = { ...S3, type: 'SERVICE_CONTROL_POLICY' as const, name: 'lz-region-guardrail' };
    expect(() => givenPolicies({ policies: [region], otherAttachments: guardrails.slice(0, 3) })).not.toThrow();
    expect(() => givenPolicies({ policies: [region], otherAttachments: guardrails })).toThrow(
      'r-ab12 would carry 6 SERVICE_CONTROL_POLICYs (FullAWSAccess, a, b, c, d, lz-region-guardrail), over the 5 Organizations allows per target',
    );
  });
});

describe('OrganizationPolicyType', () => {
  test('fails when the policy type or the root is not one', () => {
    const stack = newStack(MANAGEMENT);
    expect(
      () => new OrganizationPolicyType(stack, 'A', { policyType: 's3', organizationId: ORG, rootId: ROOT }),
    ).toThrow('policyType must be an Organizations policy type such as S3_POLICY, got s3');
    expect(
      () => new OrganizationPolicyType(stack, 'B', { policyType: 'S3_POLICY', organizationId: ORG, rootId: 'root' }),
    ).toThrow('rootId must be a root ID, got root');
  });

  test("its checker's role may list roots and enable exactly the stack's types, on the root only", async () => {
    const { stack, template } = givenPolicies();
    const checker = stack.node.findChild('OrganizationPolicyTypeProvider').node.findChild('IsComplete');
    const role = stack.resolve((checker as any).role.roleName);
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [role] } }),
    ) as any[];
    const identity = [policy.Properties.PolicyDocument];
    const as = (action: string, resource: string, context = {}) =>
      decide(
        {
          principal: `arn:aws:iam::${MANAGEMENT}:role/checker`,
          action,
          resource,
          resourceAccount: MANAGEMENT,
          context,
        },
        { identity },
      );
    // Every call the handler makes, in the scenarios below.
    await expect(as('organizations:ListRoots', '*')).resolves.toBe('Allowed');
    for (const type of ['S3_POLICY', 'RESOURCE_CONTROL_POLICY']) {
      await expect(as('organizations:EnablePolicyType', ROOT_ARN, { 'organizations:PolicyType': type })).resolves.toBe(
        'Allowed',
      );
    }
    // Nothing more: another type, another root, or disabling.
    await expect(
      as('organizations:EnablePolicyType', ROOT_ARN, { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' }),
    ).resolves.toBe('ImplicitlyDenied');
    await expect(
      as('organizations:EnablePolicyType', `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/r-zz99`, {
        'organizations:PolicyType': 'S3_POLICY',
      }),
    ).resolves.toBe('ImplicitlyDenied');
    await expect(
      as('organizations:DisablePolicyType', ROOT_ARN, { 'organizations:PolicyType': 'S3_POLICY' }),
    ).resolves.toBe('ImplicitlyDenied');
  });
});

describe('policy type handler', () => {
  const event = (overrides: Partial<OrganizationPolicyTypeEvent> = {}): OrganizationPolicyTypeEvent => ({
    RequestType: 'Create',
    ResourceProperties: { RootId: ROOT, PolicyType: 'S3_POLICY' },
    ...overrides,
  });

  function fakeOrganizations(statuses: Array<string | undefined>, enableError?: Error) {
    const calls: string[] = [];
    let poll = 0;
    const api: OrganizationPolicyTypeApi = {
      listRoots: async () => {
        calls.push('ListRoots');
        const status = statuses[Math.min(poll++, statuses.length - 1)];
        return [{ Id: ROOT, PolicyTypes: status ? [{ Type: 'S3_POLICY', Status: status }] : [] }];
      },
      enablePolicyType: async (rootId, type) => {
        calls.push(`EnablePolicyType ${rootId} ${type}`);
        if (enableError) throw enableError;
      },
    };
    return { api, calls };
  }
  const named = (name: string) => Object.assign(new Error(name), { name });

  test('names the resource at once, the same for create and update, keeping it on delete', async () => {
    await expect(onEvent(event())).resolves.toEqual({ PhysicalResourceId: 'policy-type-r-ab12-S3_POLICY' });
    await expect(onEvent(event({ RequestType: 'Update' }))).resolves.toEqual({
      PhysicalResourceId: 'policy-type-r-ab12-S3_POLICY',
    });
    await expect(onEvent(event({ RequestType: 'Delete', PhysicalResourceId: 'p-1' }))).resolves.toEqual({
      PhysicalResourceId: 'p-1',
    });
  });

  test('enables a missing type, then waits while it is PENDING_ENABLE, until ENABLED', async () => {
    const { api, calls } = fakeOrganizations([undefined, 'PENDING_ENABLE', 'ENABLED']);
    await expect(isComplete(event(), api)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event(), api)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event(), api)).resolves.toEqual({ IsComplete: true });
    expect(calls).toEqual(['ListRoots', 'EnablePolicyType r-ab12 S3_POLICY', 'ListRoots', 'ListRoots']);
  });

  test('a type already enabled is accepted without a call that changes anything', async () => {
    const { api, calls } = fakeOrganizations(['ENABLED']);
    await expect(isComplete(event({ RequestType: 'Update' }), api)).resolves.toEqual({ IsComplete: true });
    expect(calls).toEqual(['ListRoots']);
  });

  test('"already enabled" and concurrent changes are polled again, not failed', async () => {
    for (const error of ['PolicyTypeAlreadyEnabledException', 'ConcurrentModificationException']) {
      const { api } = fakeOrganizations([undefined], named(error));
      await expect(isComplete(event(), api)).resolves.toEqual({ IsComplete: false });
    }
  });

  test('any other refusal fails the deployment', async () => {
    const { api } = fakeOrganizations([undefined], named('AccessDeniedException'));
    await expect(isComplete(event(), api)).rejects.toThrow('AccessDeniedException');
  });

  test('fails by name when the configured root is not the organization root', async () => {
    const { api } = fakeOrganizations([undefined]);
    const wrongRoot = event({ ResourceProperties: { RootId: 'r-zz99', PolicyType: 'S3_POLICY' } });
    await expect(isComplete(wrongRoot, api)).rejects.toThrow(
      "root r-zz99 is not this organization's root (r-ab12): check organization.rootId",
    );
  });

  test('deleting, or a rolled-back first create, leaves the type enabled and calls nothing', async () => {
    const { api, calls } = fakeOrganizations(['ENABLED']);
    await expect(isComplete(event({ RequestType: 'Delete' }), api)).resolves.toEqual({ IsComplete: true });
    expect(calls).toEqual([]);
  });
});

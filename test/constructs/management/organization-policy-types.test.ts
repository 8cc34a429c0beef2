import { Match, Template } from 'aws-cdk-lib/assertions';
import { OrganizationPolicyTypes } from '../../../lib/constructs/management/organization-policy-types';
import {
  type Clock,
  onEvent,
  type PolicyTypesApi,
  type PolicyTypesEvent,
} from '../../../lib/constructs/management/policy-types-handler';
import { newStack } from '../../support/app';

const ROOT = 'r-ab12';

describe('OrganizationPolicyTypes', () => {
  const stack = newStack('111111111111');
  new OrganizationPolicyTypes(stack, 'PolicyTypes', {
    organizationId: 'o-abcdefghij',
    rootId: ROOT,
    policyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
  });
  const template = Template.fromStack(stack);

  test('asks its handler for the types on the root, in order', () => {
    template.hasResourceProperties('Custom::OrganizationPolicyTypes', {
      RootId: ROOT,
      PolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    });
  });

  test('may enable only those types, only on this root, and read the roots', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'organizations:EnablePolicyType',
            Resource: 'arn:aws:organizations::111111111111:root/o-abcdefghij/r-ab12',
            Condition: {
              StringEquals: { 'organizations:PolicyType': ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] },
            },
          },
          { Effect: 'Allow', Action: 'organizations:ListRoots', Resource: '*' },
        ],
      },
    });
  });

  test('runs inline on Node.js 24, logging to a retained group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Code: { ZipFile: Match.stringLikeRegexp('EnablePolicyType') },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'RetainExceptOnCreate' });
  });

  test('fails when given no policy type', () => {
    expect(
      () => new OrganizationPolicyTypes(newStack(), 'X', { organizationId: 'o-x', rootId: ROOT, policyTypes: [] }),
    ).toThrow('policyTypes must name at least one policy type, got none');
  });

  test('fails when a policy type is not one', () => {
    expect(
      () => new OrganizationPolicyTypes(newStack(), 'X', { organizationId: 'o-x', rootId: ROOT, policyTypes: ['scp'] }),
    ).toThrow('policyTypes must be Organizations policy types such as SERVICE_CONTROL_POLICY, got scp');
  });
});

/** An organization root whose policy types change state as Organizations would, one poll at a time. */
function fakeOrganization(
  initial: Record<string, string>,
  options: { pendingPolls?: number; failFirst?: string[] } = {},
) {
  const types = { ...initial };
  const pending = new Map<string, number>();
  const failures = [...(options.failFirst ?? [])];
  const calls: string[] = [];
  const api: PolicyTypesApi = {
    async listRoots() {
      calls.push('ListRoots');
      for (const [type, left] of pending) {
        if (left <= 0) {
          types[type] = 'ENABLED';
          pending.delete(type);
        } else pending.set(type, left - 1);
      }
      return [
        { Id: 'r-other', PolicyTypes: [] },
        { Id: ROOT, PolicyTypes: Object.entries(types).map(([Type, Status]) => ({ Type, Status })) },
      ];
    },
    async enablePolicyType(_rootId, type) {
      calls.push(`EnablePolicyType ${type}`);
      const failure = failures.shift();
      // "Already enabled" means someone else enabled it between the handler's read and its request.
      if (failure === 'PolicyTypeAlreadyEnabledException') types[type] = 'ENABLED';
      if (failure) throw Object.assign(new Error(failure), { name: failure });
      if (types[type] === 'ENABLED') {
        throw Object.assign(new Error('already'), { name: 'PolicyTypeAlreadyEnabledException' });
      }
      types[type] = 'PENDING_ENABLE';
      pending.set(type, options.pendingPolls ?? 2);
    },
  };
  return { api, calls, types };
}

/** A clock that advances only when the handler sleeps, so a four-minute wait takes no time. */
function fakeClock(deadline = 240_000): Clock & { slept: number } {
  const clock = {
    slept: 0,
    start: 0,
    now: () => clock.slept,
    deadline,
    firstDelay: 2000,
    maxDelay: 20000,
    sleep: async (ms: number) => {
      clock.slept += ms;
    },
  };
  return clock;
}

const event = (RequestType: PolicyTypesEvent['RequestType'], PolicyTypes = ['SERVICE_CONTROL_POLICY']) => ({
  RequestType,
  PhysicalResourceId: `policy-types-${ROOT}`,
  ResourceProperties: { RootId: ROOT, PolicyTypes },
});

describe('the policy types handler', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('enables a type and completes only once the root reports it ENABLED', async () => {
    // GIVEN a fresh organization, where SCPs stay PENDING_ENABLE for two polls
    const org = fakeOrganization({});
    // WHEN the resource is created
    const result = await onEvent(event('Create'), org.api, fakeClock());
    // THEN it enabled the type once and answered after seeing it ENABLED
    expect(result).toEqual({ PhysicalResourceId: 'policy-types-r-ab12' });
    expect(org.calls.filter((c) => c.startsWith('Enable'))).toEqual(['EnablePolicyType SERVICE_CONTROL_POLICY']);
    expect(org.types.SERVICE_CONTROL_POLICY).toBe('ENABLED');
    expect(org.calls.at(-1)).toBe('ListRoots');
  });

  test('accepts a type enabled already, without asking for it', async () => {
    const org = fakeOrganization({ SERVICE_CONTROL_POLICY: 'ENABLED' });
    await onEvent(event('Create'), org.api, fakeClock());
    expect(org.calls).toEqual(['ListRoots']);
  });

  test('accepts a type someone enabled between its read and its request', async () => {
    const org = fakeOrganization({}, { failFirst: ['PolicyTypeAlreadyEnabledException'] });
    await expect(onEvent(event('Create'), org.api, fakeClock())).resolves.toEqual({
      PhysicalResourceId: 'policy-types-r-ab12',
    });
    expect(org.calls.filter((c) => c.startsWith('Enable'))).toHaveLength(1);
  });

  test('retries while Organizations is busy with another change', async () => {
    const org = fakeOrganization({}, { failFirst: ['ConcurrentModificationException', 'TooManyRequestsException'] });
    await onEvent(event('Create'), org.api, fakeClock());
    expect(org.calls.filter((c) => c.startsWith('Enable'))).toHaveLength(3);
    expect(org.types.SERVICE_CONTROL_POLICY).toBe('ENABLED');
  });

  test("retries an access denied in the first minute, while its role's policy propagates", async () => {
    const org = fakeOrganization({}, { failFirst: ['AccessDeniedException'] });
    await onEvent(event('Create'), org.api, fakeClock());
    expect(org.types.SERVICE_CONTROL_POLICY).toBe('ENABLED');
  });

  test('fails on an access denied that lasts past the first minute', async () => {
    const org = fakeOrganization({}, { failFirst: Array.from({ length: 10 }, () => 'AccessDeniedException') });
    await expect(onEvent(event('Create'), org.api, fakeClock())).rejects.toThrow('AccessDeniedException');
  });

  test('enables several types one after another, on update too', async () => {
    const org = fakeOrganization({ SERVICE_CONTROL_POLICY: 'ENABLED' });
    await onEvent(
      event('Update', ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'S3_POLICY']),
      org.api,
      fakeClock(),
    );
    expect(org.calls.filter((c) => c.startsWith('Enable'))).toEqual([
      'EnablePolicyType RESOURCE_CONTROL_POLICY',
      'EnablePolicyType S3_POLICY',
    ]);
    expect(org.types).toEqual({
      SERVICE_CONTROL_POLICY: 'ENABLED',
      RESOURCE_CONTROL_POLICY: 'ENABLED',
      S3_POLICY: 'ENABLED',
    });
  });

  test('leaves every type enabled on delete', async () => {
    const org = fakeOrganization({ SERVICE_CONTROL_POLICY: 'ENABLED' });
    await expect(onEvent(event('Delete'), org.api, fakeClock())).resolves.toEqual({
      PhysicalResourceId: 'policy-types-r-ab12',
    });
    expect(org.calls).toEqual([]);
  });

  test('fails when the type stays pending past its deadline, saying what to do', async () => {
    const org = fakeOrganization({}, { pendingPolls: 1000 });
    const clock = fakeClock(60_000);
    await expect(onEvent(event('Create'), org.api, clock)).rejects.toThrow(
      'SERVICE_CONTROL_POLICY is still PENDING_ENABLE on r-ab12; deploy again once ListRoots reports it ENABLED',
    );
    expect(clock.slept).toBeLessThanOrEqual(60_000);
  });

  test('fails when the root is not the organization root', async () => {
    const org = fakeOrganization({});
    const wrong = {
      ...event('Create'),
      ResourceProperties: { RootId: 'r-zz99', PolicyTypes: ['SERVICE_CONTROL_POLICY'] },
    };
    await expect(onEvent(wrong, org.api, fakeClock())).rejects.toThrow(
      "root r-zz99 is not this organization's root: check organization.rootId",
    );
  });

  test('fails at once on an error that waiting cannot fix', async () => {
    const org = fakeOrganization({}, { failFirst: ['PolicyTypeNotAvailableForOrganizationException'] });
    await expect(onEvent(event('Create'), org.api, fakeClock())).rejects.toThrow(
      'PolicyTypeNotAvailableForOrganizationException',
    );
  });
});

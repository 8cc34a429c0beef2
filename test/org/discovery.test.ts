import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { AwsCallError } from '../../lib/org/errors';
import { discoverOrganization, listAccountTags } from '../../lib/org/discovery';
import { runDiscover } from '../../lib/org/discover-command';
import {
  AUDIT,
  exampleOrganization,
  largeOrganization,
  LOG_ARCHIVE,
  MANAGEMENT,
  ORG_ID,
  ROOT_ID,
} from './support/fake-organization';
import { bufferIo, instantCaller, mockAws, testClients } from './support/mock-aws';

const throttled = () =>
  new TooManyRequestsException({
    message: 'AWS Organizations can not complete your request because another request is already in progress.',
    $metadata: { httpStatusCode: 400 },
  });

describe('discoverOrganization', () => {
  let mocks: ReturnType<typeof mockAws>;
  afterEach(() => mocks.restore());

  test('reads settings, the whole OU tree parents first, every account, delegated admins and trusted access', async () => {
    mocks = mockAws(exampleOrganization());
    const org = await discoverOrganization(testClients().organizations, instantCaller().aws);
    expect(org).toMatchObject({
      id: ORG_ID,
      featureSet: 'ALL',
      managementAccountId: MANAGEMENT,
      roots: [{ id: ROOT_ID }],
    });
    expect(org.organizationalUnits.map((u) => u.name)).toEqual([
      'Security',
      'Workloads',
      'Sandbox',
      'Prod',
      'Non-Prod',
    ]);
    expect(org.accounts).toHaveLength(7);
    expect(org.accounts.find((a) => a.id === LOG_ARCHIVE)).toMatchObject({
      name: 'Log Archive',
      state: 'ACTIVE',
      parentId: 'ou-a1b2-s3cur1ty',
    });
    expect(org.accounts.find((a) => a.name === 'sandbox-alice')?.state).toBe('SUSPENDED');
    expect(org.delegatedAdministrators).toEqual([
      { accountId: AUDIT, servicePrincipal: 'guardduty.amazonaws.com' },
      { accountId: AUDIT, servicePrincipal: 'securityhub.amazonaws.com' },
    ]);
    expect(org.trustedServices).toEqual(['guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'sso.amazonaws.com']);
  });

  test('follows NextToken to the last page of every list', async () => {
    // Page size 2: the root holds 3 OUs and Prod 2 accounts, so both need a second request.
    mocks = mockAws(exampleOrganization());
    const org = await discoverOrganization(testClients().organizations, instantCaller().aws);
    expect(org.organizationalUnits.filter((u) => u.parentId === ROOT_ID)).toHaveLength(3);
    const ouPages = mocks.organizations.commandCalls(ListOrganizationalUnitsForParentCommand, { ParentId: ROOT_ID });
    expect(ouPages.map((c) => c.args[0].input.NextToken)).toEqual([undefined, '2']);
    expect(org.trustedServices).toHaveLength(3);
  });

  test('retries a throttled request with growing backoff, then succeeds', async () => {
    mocks = mockAws(exampleOrganization());
    mocks.organizations
      .on(ListRootsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ Roots: [{ Id: ROOT_ID, Name: 'Root' }] });
    const { aws, delays } = instantCaller();
    const org = await discoverOrganization(testClients().organizations, aws);
    expect(org.roots).toEqual([{ id: ROOT_ID, name: 'Root', policyTypes: [] }]);
    expect(mocks.organizations.commandCalls(ListRootsCommand)).toHaveLength(3);
    expect(delays).toEqual([250, 500]);
  });

  test('fails with one line when throttling outlasts every attempt', async () => {
    mocks = mockAws(exampleOrganization());
    mocks.organizations.on(ListAccountsForParentCommand).rejects(throttled());
    const { aws, delays } = instantCaller({ maxAttempts: 4 });
    const error = await discoverOrganization(testClients().organizations, aws).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as Error).message).toBe(
      'organizations:ListAccountsForParent: still throttled after 4 attempts with backoff; wait a minute and run again',
    );
    expect(delays.slice(0, 3)).toEqual([250, 500, 1000]);
  });

  test('fails with one line when access is denied, naming the action and the principal', async () => {
    mocks = mockAws(exampleOrganization());
    mocks.organizations.on(ListAccountsForParentCommand).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:sts::444444444444:assumed-role/ReadOnly/bob is not authorized to perform: organizations:ListAccountsForParent',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { aws, delays } = instantCaller();
    const error = (await discoverOrganization(testClients().organizations, aws).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'organizations:ListAccountsForParent: access denied for arn:aws:sts::444444444444:assumed-role/ReadOnly/bob. Allow organizations:ListAccountsForParent for these credentials; Organizations answers only the management account or a delegated administrator for AWS Organizations',
    );
    expect(delays).toEqual([]);
  });

  test('fails with one line when the account is not in an organization', async () => {
    mocks = mockAws(exampleOrganization());
    mocks.organizations.onAnyCommand().rejects(
      new AWSOrganizationsNotInUseException({
        message: 'Your account is not a member of an organization.',
        $metadata: {},
      }),
    );
    const error = (await discoverOrganization(testClients().organizations, instantCaller().aws).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(
      /^organizations:DescribeOrganization: the account of these credentials is not in an organization\./,
    );
    expect(error.message).not.toContain('\n');
  });

  test('fails when an endpoint repeats a pagination token, instead of looping forever', async () => {
    mocks = mockAws(exampleOrganization());
    mocks.organizations.on(ListRootsCommand).resolves({ Roots: [], NextToken: 'again' });
    const error = (await discoverOrganization(testClients().organizations, instantCaller().aws).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toBe('organizations:ListRoots: the endpoint repeated the pagination token again');
  });

  test('reads account tags only for the accounts asked for', async () => {
    const fake = exampleOrganization();
    fake.accounts[1] = { ...fake.accounts[1], Tags: { AccountType: 'log-archive', CostCenter: '42' } };
    mocks = mockAws(fake);
    const tags = await listAccountTags(testClients().organizations, instantCaller().aws, [LOG_ARCHIVE, AUDIT]);
    expect(tags.get(LOG_ARCHIVE)).toEqual({ AccountType: 'log-archive', CostCenter: '42' });
    expect(tags.get(AUDIT)).toEqual({});
  });

  test('walks 500 accounts in 86 nested OUs in under 2 s of CPU', async () => {
    mocks = mockAws(largeOrganization(500));
    const io = bufferIo();
    const before = process.cpuUsage();
    const code = await runDiscover(
      { homeRegion: 'eu-west-1', governedRegions: ['eu-west-1', 'eu-central-1'] },
      {
        organizations: testClients().organizations,
        aws: instantCaller().aws,
        defaultRegion: async () => undefined,
        io,
      },
    );
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    expect(code).toBe(0);
    expect(io.stderr()).toContain('86 OUs, 500 accounts (500 active)');
    expect(io.stdout()).toContain(`logArchive: '${LOG_ARCHIVE}'`);
    // Printed so the figure can be quoted; the assertion is the budget.
    console.log(`discover over 500 accounts / 86 OUs: ${cpuMs.toFixed(0)} ms CPU`);
    expect(cpuMs).toBeLessThan(2000);
  });
});

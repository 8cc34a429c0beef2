import {
  AccessDeniedException as CloudTrailAccessDenied,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  AccessDeniedException,
  ListDelegatedAdministratorsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { parseConfig } from '../../lib/config/loader';
import { EXIT, reportFailure, UsageError } from '../../lib/org/command-io';
import { runDiscover, type DiscoverOptions } from '../../lib/org/discover-command';
import { AwsCallError } from '../../lib/org/errors';
import { runPreflight } from '../../lib/org/preflight-command';
import { AUDIT, exampleOrganization, LOG_ARCHIVE, type FakeOrganization } from './support/fake-organization';
import { bufferIo, instantCaller, mockAws, testClients } from './support/mock-aws';

const CONFIG = 'config/landing-zone.yaml';

/** The matching config as a user would have it on disk. */
const CONFIG_TEXT = `management:
  cloudTrailLake:
    enabled: true
organization:
  id: o-a1b2c3d4e5
  rootId: r-a1b2
  organizationalUnits:
    Security: ou-a1b2-s3cur1ty
accounts:
  management: '111111111111'
  logArchive: '222222222222'
  audit: '333333333333'
regions:
  home: eu-west-1
  governed: [eu-west-1, eu-central-1]
`;

let mocks: ReturnType<typeof mockAws>;
afterEach(() => mocks.restore());

function discover(
  options: DiscoverOptions,
  change: (fake: FakeOrganization) => void = () => {},
  files: Record<string, string> = {},
) {
  const fake = exampleOrganization();
  change(fake);
  mocks = mockAws(fake);
  const io = bufferIo(files);
  const run = runDiscover(options, {
    organizations: testClients().organizations,
    aws: instantCaller().aws,
    defaultRegion: async () => 'eu-west-1',
    io,
  });
  return { run, io };
}

describe('runDiscover', () => {
  test('prints a starter config that the app accepts, and a summary on stderr', async () => {
    const { run, io } = discover({});
    await expect(run).resolves.toBe(EXIT.ok);
    const config = parseConfig(io.stdout(), 'stdout');
    expect(config.accounts).toEqual({ management: '111111111111', logArchive: LOG_ARCHIVE, audit: AUDIT });
    expect(config.regions).toEqual({ home: 'eu-west-1', governed: ['eu-west-1'] });
    expect(io.stderr()).toContain('1 root, 5 OUs, 7 accounts (6 active, 1 suspended)');
    expect(io.stderr()).toContain('log-archive: 222222222222 (Log Archive), by its name');
    // Names decided, so no account's tags were read.
    expect(mocks.organizations.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  test('writes the starter to --out', async () => {
    const { run, io } = discover({
      outPath: 'lz.yaml',
      homeRegion: 'eu-central-1',
      governedRegions: ['eu-central-1', 'eu-west-1'],
    });
    await run;
    expect(io.stdout()).toBe('');
    expect(parseConfig(io.files['lz.yaml'], 'lz.yaml').regions.home).toBe('eu-central-1');
    expect(io.stderr()).toContain('Wrote lz.yaml. Review it, then run `npm run preflight -- --config lz.yaml`.');
  });

  test('takes the account from a flag when names and tags cannot tell', async () => {
    const { run, io } = discover({ auditAccount: '444444444444' }, (fake) => {
      fake.accounts[2] = { ...fake.accounts[2], Name: 'sec-ops' };
    });
    await run;
    expect(parseConfig(io.stdout(), 'stdout').accounts.audit).toBe('444444444444');
  });

  test('fails with the candidates and the flag to pass when two accounts could be audit', async () => {
    const { run } = discover({}, (fake) => {
      fake.accounts[3] = { ...fake.accounts[3], Name: 'Audit' };
    });
    await expect(run).rejects.toThrow(
      new UsageError(
        'cannot tell which account is audit: several accounts match by its name: 333333333333 (Audit), 444444444444 (Audit); pass --audit-account ID',
      ),
    );
  });

  test('reads tags once when a name does not decide', async () => {
    const { run, io } = discover({}, (fake) => {
      fake.accounts[2] = { ...fake.accounts[2], Name: 'sec-ops', Tags: { 'account-role': 'audit' } };
    });
    await run;
    expect(parseConfig(io.stdout(), 'stdout').accounts.audit).toBe(AUDIT);
    expect(io.stderr()).toContain('Reading the tags of 5 accounts');
    expect(mocks.organizations.commandCalls(ListTagsForResourceCommand)).toHaveLength(5);
  });

  test('with --config prints a diff against the existing config instead', async () => {
    const placeholder = CONFIG_TEXT.replace('o-a1b2c3d4e5', 'o-exampleorg1');
    const { run, io } = discover({ configPath: CONFIG }, undefined, { [CONFIG]: placeholder });
    await expect(run).resolves.toBe(EXIT.ok);
    expect(io.stdout()).toMatch(/organization\.id\s+o-exampleorg1\s+differs\s+o-a1b2c3d4e5/);
    expect(io.stdout()).toMatch(/accounts\.audit\s+333333333333\s+same\s+333333333333 \(Audit\)/);
    expect(io.stdout()).toContain('1 key needs a look.');
  });

  test('refuses --config together with --out, before calling AWS', async () => {
    const { run } = discover({ configPath: CONFIG, outPath: 'x.yaml' });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    expect(mocks.organizations.calls()).toHaveLength(0);
  });
});

function preflight(
  change: (fake: FakeOrganization) => void = () => {},
  files: Record<string, string> = { [CONFIG]: CONFIG_TEXT },
  override: (m: ReturnType<typeof mockAws>) => void = () => {},
) {
  const fake = exampleOrganization();
  change(fake);
  mocks = mockAws(fake);
  override(mocks);
  const io = bufferIo(files);
  return { run: runPreflight(CONFIG, { clients: testClients(), aws: instantCaller().aws, io }), io };
}

describe('runPreflight', () => {
  test('exits 0 and prints the table when nothing blocks', async () => {
    const { run, io } = preflight((fake) =>
      fake.eventDataStores.push({
        Name: 'org-events',
        EventDataStoreArn: 'arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/x',
        Status: 'ENABLED',
      }),
    );
    await expect(run).resolves.toBe(EXIT.ok);
    expect(io.stdout()).toContain(
      'Preflight of config/landing-zone.yaml against organization o-a1b2c3d4e5 (7 accounts)',
    );
    expect(io.stdout()).toMatch(/^CHECK\s+RESULT\s+DETAIL$/m);
    expect(io.stdout()).toContain('0 failed. Ready for `cdk deploy`.');
  });

  test('exits 1 on a blocker', async () => {
    const { run, io } = preflight((fake) => (fake.organization.FeatureSet = 'CONSOLIDATED_BILLING'));
    await expect(run).resolves.toBe(EXIT.blocked);
    expect(io.stdout()).toMatch(/^all features\s+FAIL/m);
    expect(io.stdout()).toContain('Blocked: fix the FAIL rows, then run preflight again.');
  });

  test('still checks the rest when one CloudTrail read is denied, but does not call the run ready', async () => {
    const { run, io } = preflight(undefined, undefined, (m) =>
      m.cloudTrail
        .on(ListEventDataStoresCommand)
        .rejects(new CloudTrailAccessDenied({ message: 'denied', $metadata: {} })),
    );
    await expect(run).resolves.toBe(EXIT.error);
    expect(io.stdout()).toMatch(
      /^CloudTrail Lake\s+WARN\s+not checked: cloudtrail:ListEventDataStores: access denied\./m,
    );
    expect(io.stdout()).toContain('fix: allow cloudtrail:ListEventDataStores for these credentials and rerun');
    expect(io.stdout()).toContain('Incomplete: 1 check could not run (WARN ... not checked)');
    expect(io.stdout()).not.toContain('Ready for `cdk deploy`');
  });

  test('fails as a whole, in one line, when Organizations denies a read', async () => {
    const { run, io } = preflight(undefined, undefined, (m) =>
      m.organizations
        .on(ListDelegatedAdministratorsCommand)
        .rejects(new AccessDeniedException({ message: 'denied', $metadata: {} })),
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(reportFailure('preflight', error, io)).toBe(EXIT.error);
    expect(io.stderr()).toBe(
      'preflight: organizations:ListDelegatedAdministrators: access denied. Allow organizations:ListDelegatedAdministrators for these credentials; Organizations answers only the management account or a delegated administrator for AWS Organizations',
    );
  });

  test('fails in one line when the config file is missing', async () => {
    const { run, io } = preflight(undefined, {});
    const error = await run.catch((e: unknown) => e);
    reportFailure('preflight', error, io);
    expect(io.stderr()).toBe(
      'preflight: config file not found: config/landing-zone.yaml; pass another with --config PATH',
    );
  });

  test('keeps the stack trace of a bug', () => {
    expect(() => reportFailure('preflight', new TypeError('x is undefined'), bufferIo())).toThrow(TypeError);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverCli, preflightCli } from '../../lib/org/cli';
import { processIo, type CommandIo } from '../../lib/org/command-io';
import { STATIC_KEYS, withEnv } from './support/env';
import { refusingUrl, startFakeEndpoint, type FakeEndpoint, type FakeEndpointOptions } from './support/fake-endpoint';
import {
  AUDIT,
  exampleOrganization,
  largeOrganization,
  LOG_ARCHIVE,
  MANAGEMENT,
  type FakeOrganization,
} from './support/fake-organization';

/**
 * The CLIs end to end: flags, the real SDK clients with their timeouts, the
 * wire, against a loopback endpoint that answers, fails, refuses or hangs.
 * Timeouts here are fractions of a second, so a hang costs the test little.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CONFIG_TEXT = `organization:
  id: o-a1b2c3d4e5
  rootId: r-a1b2
  organizationalUnits:
    Security: ou-a1b2-s3cur1ty
accounts:
  management: '${MANAGEMENT}'
  logArchive: '${LOG_ARCHIVE}'
  audit: '${AUDIT}'
regions:
  home: eu-west-1
  governed: [eu-west-1, eu-central-1]
`;
const configFile = (name: string, text = CONFIG_TEXT) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

/** The real file system, with the output kept for assertions. */
function captureIo(): CommandIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    ...processIo,
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    width: 120,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

const endpointEnv = (url: string) => ({
  ...STATIC_KEYS,
  AWS_REGION: 'eu-west-1',
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: url,
  AWS_ENDPOINT_URL_ORGANIZATIONS: undefined,
  AWS_ENDPOINT_URL_CLOUDTRAIL: undefined,
  AWS_ENDPOINT_URL_CONFIG_SERVICE: undefined,
  AWS_ENDPOINT_URL_STS: undefined,
  AWS_ENDPOINT_URL_CONTROLTOWER: undefined,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  endpoint: FakeEndpoint;
  ms: number;
}

async function run(
  cli: typeof discoverCli,
  argv: string[],
  options: { fake?: FakeOrganization; endpoint?: FakeEndpointOptions; url?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  const endpoint = await startFakeEndpoint(options.fake ?? exampleOrganization(), options.endpoint);
  const io = captureIo();
  const started = Date.now();
  try {
    const code = await withEnv(endpointEnv(options.url ?? endpoint.url), () =>
      cli(argv, { io, env: { ...process.env, LANDING_ZONE_CONFIG: undefined, ...options.env } }),
    );
    return { code, stdout: io.stdout(), stderr: io.stderr(), endpoint, ms: Date.now() - started };
  } finally {
    await endpoint.close();
  }
}

describe('never hangs', () => {
  test('discover against an endpoint that accepts and never answers: one line, exit 2, bounded', async () => {
    const result = await run(discoverCli, ['--timeout', '0.3'], { endpoint: { hang: 'all' } });
    expect(result.code).toBe(2);
    const [note, line] = result.stderr.split('\n');
    expect(note).toBe(
      'note: organizations:DescribeOrganization timed out after 0.3 s; backing off and retrying (slower, not failing)',
    );
    expect(line).toMatch(
      /^discover: timed out after 0\.3 s: organizations:DescribeOrganization at http:\/\/127\.0\.0\.1:\d+ accepted the request but did not answer \(2 attempts\)\. Check the network or proxy, or raise --timeout SECONDS$/,
    );
    // Two attempts of 0.3 s and one backoff: well under two seconds even on a loaded machine.
    expect(result.ms).toBeLessThan(5000);
    expect(result.endpoint.requests).toEqual(['DescribeOrganization', 'DescribeOrganization']);
  });

  test('preflight with only CloudTrail hung: its rows say timed out, the rest run, no "Ready"', async () => {
    const result = await run(preflightCli, ['--config', configFile('hung.yaml'), '--timeout', '0.3'], {
      endpoint: { hang: ['DescribeTrails', 'ListEventDataStores'] },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^organization trails\s+WARN\s+not checked: timed out after 0\.3 s: cloudtrail:DescribeTrails/m,
    );
    expect(result.stdout).toMatch(/^organization\s+PASS/m);
    expect(result.stdout).not.toContain('Ready for `cdk deploy`');
    expect(result.stdout).toMatch(/Incomplete: \d checks could not run/);
    expect(result.ms).toBeLessThan(5000);
  });

  test('preflight with STS hung names the credentials row, not the whole run', async () => {
    const result = await run(preflightCli, ['--config', configFile('sts.yaml'), '--timeout', '0.3'], {
      endpoint: { hang: ['GetCallerIdentity'] },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^credentials\s+WARN\s+not checked: timed out after 0\.3 s: sts:GetCallerIdentity/m);
  });

  test('the whole run stops at --deadline, even when one request may take longer', async () => {
    const result = await run(discoverCli, ['--timeout', '30', '--deadline', '0.5'], { endpoint: { hang: 'all' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "discover: organizations:DescribeOrganization: not done when the command's deadline of 0.5 s passed (raise it with --deadline SECONDS)",
    );
    expect(result.ms).toBeLessThan(3000);
  });

  test('a refused connection names the endpoint URL', async () => {
    const url = await refusingUrl();
    const result = await run(discoverCli, [], { url });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `discover: organizations:DescribeOrganization: cannot reach ${url} (ECONNREFUSED). Check the network, and AWS_ENDPOINT_URL* or the profile's endpoint_url if you set one`,
    );
  });

  test('5xx answers are retried with a note, like throttling', async () => {
    const result = await run(discoverCli, ['--timeout', '2'], {
      endpoint: {
        failures: { ListRoots: { name: 'ServiceUnavailableException', message: 'try later', status: 503, times: 2 } },
      },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'note: AWS answered organizations:ListRoots with HTTP 503 (a server-side error); backing off and retrying (slower, not failing)',
    );
    expect(result.endpoint.requests.filter((r) => r === 'ListRoots')).toHaveLength(3);
  });
});

describe('at most four Organizations requests in flight', () => {
  test('discover over 200 accounts in 86 OUs, every answer slowed so requests overlap', async () => {
    const fake = largeOrganization(200);
    fake.accounts.forEach((a, i) => i > 2 && Object.assign(a, { Name: `workload-${i}` }));
    const result = await run(discoverCli, ['--timeout', '5'], { fake, endpoint: { delayMs: 10 } });
    expect(result.code).toBe(0);
    const max = result.endpoint.maxInFlight.get('organizations');
    console.log(`discover, 200 accounts / 86 OUs: at most ${max} Organizations requests in flight`);
    expect(max).toBeLessThanOrEqual(4);
    expect(max).toBeGreaterThanOrEqual(2);
  });

  test('preflight, whose organization walk and policy reads share the same limit', async () => {
    const result = await run(preflightCli, ['--config', configFile('conc.yaml'), '--timeout', '5'], {
      fake: largeOrganization(120),
      endpoint: { delayMs: 10 },
    });
    expect([0, 1, 2]).toContain(result.code);
    expect(result.endpoint.maxInFlight.get('organizations')).toBeLessThanOrEqual(4);
  });
});

describe('input is checked before any request', () => {
  test.each([
    [
      'a typo in --governed-regions',
      ['--governed-regions', 'eu-west-1,eu-wset-2', '--home-region', 'eu-west-1'],
      'discover: --governed-regions eu-wset-2: must be an AWS commercial region such as eu-west-1',
    ],
    [
      '--home-region outside --governed-regions',
      ['--home-region', 'us-east-1', '--governed-regions', 'eu-west-1,eu-central-1'],
      'discover: --home-region us-east-1: must be one of --governed-regions (eu-west-1, eu-central-1)',
    ],
    [
      'the default home region outside --governed-regions',
      ['--governed-regions', 'eu-central-1'],
      'discover: the home region eu-west-1 (your AWS region; pass --home-region to choose another): must be one of --governed-regions (eu-central-1)',
    ],
    [
      '--audit-account equal to --log-archive-account',
      ['--log-archive-account', LOG_ARCHIVE, '--audit-account', LOG_ARCHIVE],
      `discover: --audit-account ${LOG_ARCHIVE}: is already --log-archive-account; log-archive and audit must be different accounts`,
    ],
    ['a bad --timeout', ['--timeout', 'soon'], 'discover: --timeout must be a number of seconds above 0, got soon'],
  ])('discover refuses %s', async (_what, argv, line) => {
    const result = await run(discoverCli, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(line);
    expect(result.endpoint.requests).toEqual([]);
  });

  test('discover refuses a broken --config before any request', async () => {
    const file = configFile('broken.yaml', CONFIG_TEXT.replace('home: eu-west-1', 'home: [eu-west-1'));
    const result = await run(discoverCli, ['--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^discover: ${file}:\\d+:\\d+: not valid YAML`));
    expect(result.endpoint.requests).toEqual([]);
  });

  test('discover refuses an --audit-account that is the management account after one request', async () => {
    const result = await run(discoverCli, ['--audit-account', MANAGEMENT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `discover: --audit-account ${MANAGEMENT} is the management account of o-a1b2c3d4e5; audit must be a member account`,
    );
    expect(result.endpoint.requests).toEqual(['DescribeOrganization']);
  });

  test('an unwritable --out is one line and exit 2, before any request', async () => {
    const out = path.join(dir, 'no-such-folder', 'lz.yaml');
    const result = await run(discoverCli, ['--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`discover: cannot write --out ${out}: no such folder ${path.dirname(out)} (ENOENT)`);
    expect(result.endpoint.requests).toEqual([]);
  });

  test('--profile that does not exist says so, before any request', async () => {
    const credentials = configFile('credentials', '[default]\naws_access_key_id = x\n');
    const result = await run(discoverCli, ['--profile', 'nope'], {
      env: { AWS_CONFIG_FILE: path.join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: credentials },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `discover: profile nope (--profile) does not exist in ${path.join(dir, 'no-config')} or ${credentials}; \`aws configure list-profiles\` lists the profiles there`,
    );
    expect(result.endpoint.requests).toEqual([]);
  });

  test('a broken config makes preflight fail before any request', async () => {
    const file = configFile('bad.yaml', CONFIG_TEXT.replace("audit: '333333333333'", "audit: '222222222222'"));
    const result = await run(preflightCli, ['--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('accounts.audit: is already accounts.logArchive');
    expect(result.endpoint.requests).toEqual([]);
  });
});

describe('discover', () => {
  test('names both roles at once when neither log-archive nor audit can be told', async () => {
    const fake = exampleOrganization();
    fake.accounts.push(
      { ...fake.accounts[1], Id: '888888888888', Name: 'Log Archive' },
      { ...fake.accounts[2], Id: '999999999999', Name: 'Audit' },
    );
    const result = await run(discoverCli, [], { fake });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').pop()).toBe(
      'discover: cannot tell which accounts are log-archive and audit: ' +
        'log-archive: several accounts match by its name: 222222222222 (Log Archive), 888888888888 (Log Archive); pass --log-archive-account ID. ' +
        'audit: several accounts match by its name: 333333333333 (Audit), 999999999999 (Audit); pass --audit-account ID',
    );
  });
});

describe('preflight', () => {
  test('reads LANDING_ZONE_CONFIG when --config is not given', async () => {
    const file = configFile('from-env.yaml');
    const result = await run(preflightCli, [], { env: { LANDING_ZONE_CONFIG: file } });
    expect(result.stdout).toContain(`Preflight of ${file} against organization o-a1b2c3d4e5`);
  });

  test('says where a missing config path came from', async () => {
    const result = await run(preflightCli, [], { env: { LANDING_ZONE_CONFIG: path.join(dir, 'gone.yaml') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `preflight: config file not found: ${path.join(dir, 'gone.yaml')} (from LANDING_ZONE_CONFIG); pass another with --config PATH`,
    );
  });

  test("reads Control Tower's landing zone over its REST API and gives the matching advice", async () => {
    const fake = exampleOrganization();
    fake.trustedServices.push('controltower.amazonaws.com');
    fake.landingZone = {
      region: 'eu-west-1',
      arn: `arn:aws:controltower:eu-west-1:${MANAGEMENT}:landingzone/1A2B3C4D5E6F7G8H`,
      version: '4.0',
      status: 'ACTIVE',
      manifest: { centralizedLogging: { enabled: false }, config: { enabled: true } },
    };
    const result = await run(preflightCli, ['--config', configFile('ct.yaml')], { fake });
    expect(result.endpoint.requests).toEqual(expect.arrayContaining(['ListLandingZones', 'GetLandingZone']));
    expect(result.stdout).toMatch(/^Control Tower\s+WARN\s+landing zone 4\.0, ACTIVE$/m);
    expect(result.stdout).toContain(`(arn:aws:controltower:eu-west-1:${MANAGEMENT}:landingzone/1A2B3C4D5E6F7G8H);`);
    expect(result.stdout).toContain('no trail of its own; manages AWS Config');
    expect(result.stdout).toContain('fix: set audit.controlTower.configRecording: true in');
  });
});

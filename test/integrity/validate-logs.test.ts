import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { awsConnect } from '../../lib/integrity/aws';
import { runValidateLogs } from '../../lib/integrity/command';
import { ROOT } from '../support/app';
import { tsScript } from '../support/ts-script';
import { startFakeAws, testSigningKey, writeSignedChain, type FakeObject } from './support/fake-aws';

// The example config: organization o-exampleorg1, trail lz-organization-trail in eu-west-1.
const BUCKET = 'lz-cloudtrail-222222222222-eu-west-1';
const ACCOUNT = '444444444444';
const SPEC = {
  bucket: BUCKET,
  organizationId: 'o-exampleorg1',
  account: ACCOUNT,
  region: 'eu-central-1',
  trailName: 'lz-organization-trail',
  homeRegion: 'eu-west-1',
  firstEnd: new Date('2026-11-30T22:30:00Z'),
  digests: 4,
  logsPerDigest: 2,
};
const ARGS = [
  '--account',
  ACCOUNT,
  '--region',
  'eu-central-1',
  '--start',
  '2026-11-30T21:00:00Z',
  '--end',
  '2026-12-01T01:00:00Z',
];
const KEY = testSigningKey();

async function validate(objects: Map<string, FakeObject>, args = ARGS, options: { hang?: boolean } = {}) {
  const fake = await startFakeAws({
    objects,
    publicKeys: [{ fingerprint: KEY.fingerprint, der: KEY.der }],
    ...options,
  });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: '',
    AWS_ENDPOINT_URL_S3: fake.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: fake.url,
    AWS_PROFILE: '',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runValidateLogs(
      args,
      {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        readFile: (p) => fs.readFileSync(path.resolve(ROOT, p), 'utf8'),
      },
      { connect: awsConnect({ connectionTimeoutMs: 300, requestTimeoutMs: 300 }) },
      'config/landing-zone.example.yaml',
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n'), requests: fake.requests };
  } finally {
    process.env = saved;
    await fake.close();
  }
}

function chain() {
  const objects = new Map<string, FakeObject>();
  const keys = writeSignedChain(SPEC, objects, KEY.privateKey, KEY.fingerprint);
  return { objects, ...keys, uri: (key: string) => `s3://${BUCKET}/${key}` };
}

describe('npm run validate-logs, against a local S3 and CloudTrail', () => {
  test('a valid chain passes: every digest signed, every log file hashed, every link followed', async () => {
    const { objects, digests } = chain();
    const { code, stdout, requests } = await validate(objects);
    expect(code).toBe(0);
    expect(stdout).toContain('4/4 digest files valid\n8/8 log files valid\nResult: VALID');
    expect(stdout).toContain(`note: The chain starts at s3://${BUCKET}/${digests[0]}`);
    // Listed day by day under the organization trail's layout, through the standard endpoint settings
    expect(requests).toContain(
      `ListObjectsV2 AWSLogs/o-exampleorg1/${ACCOUNT}/CloudTrail-Digest/eu-central-1/2026/11/30/`,
    );
    expect(requests).toContain('ListPublicKeys');
  });

  test('fails when a log file was modified', async () => {
    const { objects, logs, uri } = chain();
    objects.get(`${BUCKET}/${logs[3]}`)!.body = zlib.gzipSync(Buffer.from('{"Records":[]}'));
    const { code, stdout } = await validate(objects);
    expect(code).toBe(1);
    expect(stdout).toContain(`Log file\t${uri(logs[3])}\tINVALID: hash value doesn't match`);
    expect(stdout).toContain('7/8 log files valid, 1 INVALID\nResult: INVALID');
  });

  test('fails when a log file was deleted', async () => {
    const { objects, logs, uri } = chain();
    objects.delete(`${BUCKET}/${logs[0]}`);
    const { code, stdout } = await validate(objects);
    expect(code).toBe(1);
    expect(stdout).toContain(`Log file\t${uri(logs[0])}\tINVALID: not found`);
  });

  test('fails when the chain is broken: a digest deleted from the middle', async () => {
    const { objects, digests, uri } = chain();
    objects.delete(`${BUCKET}/${digests[1]}`);
    const { code, stdout } = await validate(objects);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `Digest file\t${uri(digests[1])}\tINVALID: not found (named as previous by ${digests[2]})`,
    );
  });

  test('fails when the chain is broken: a digest replaced by another validly signed one', async () => {
    // An attacker with a signing key of their own cannot help it: the next digest names the old signature.
    const { objects, digests, uri } = chain();
    const forged = new Map<string, FakeObject>();
    writeSignedChain({ ...SPEC, digests: 2, logsPerDigest: 0 }, forged, KEY.privateKey, KEY.fingerprint);
    objects.set(`${BUCKET}/${digests[1]}`, forged.get(`${BUCKET}/${digests[1]}`)!);
    const { code, stdout } = await validate(objects);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `Digest file\t${uri(digests[1])}\tINVALID: chain broken: its signature or hash is not the one ${digests[2]} names as previous`,
    );
  });

  test('fails when a signature is bad', async () => {
    const { objects, digests, uri } = chain();
    const other = testSigningKey();
    const tampered = new Map<string, FakeObject>();
    writeSignedChain(SPEC, tampered, other.privateKey, KEY.fingerprint);
    const digest = objects.get(`${BUCKET}/${digests[3]}`)!;
    digest.metadata = tampered.get(`${BUCKET}/${digests[3]}`)!.metadata;
    const { code, stdout } = await validate(objects);
    expect(code).toBe(1);
    expect(stdout).toContain(`Digest file\t${uri(digests[3])}\tINVALID: signature verification failed`);
  });

  test('does not hang on an endpoint that never answers: one line and exit code 2', async () => {
    const { objects } = chain();
    const { code, stderr } = await validate(objects, ARGS, { hang: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^validate-logs: could not read the digests: \w+: .+$/);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  test.each([
    [
      ['--region', 'eu-central-1', '--start', '2026-11-30T00:00:00Z'],
      'validate-logs: --account must be a 12-digit account ID, got ""',
    ],
    [
      ['--account', ACCOUNT, '--region', 'eu-central-1', '--start', 'yesterday'],
      'validate-logs: --start must be an ISO 8601 time such as 2026-11-01T00:00:00Z, got "yesterday"',
    ],
    [
      ['--account', ACCOUNT, '--region', 'Frankfurt', '--start', '2026-11-30'],
      'validate-logs: --region must be an AWS region such as eu-west-1, got "Frankfurt"',
    ],
    [[...ARGS, '--config', 'config/nope.yaml'], 'validate-logs: --config: cannot read config/nope.yaml'],
  ])('fails with one line and exit code 2 given %j', async (args, message) => {
    const { code, stderr, stdout } = await validate(new Map(), args);
    expect([code, stdout, stderr]).toEqual([2, '', message]);
  });

  test('the command exits 2 with one line on a bad flag, as a process', () => {
    const result = spawnSync(process.execPath, tsScript('scripts/validate-logs.ts', '--acount', '1'), {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect([result.status, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^validate-logs: Unknown option '--acount'.*\(see --help\)\n$/);
  });
});

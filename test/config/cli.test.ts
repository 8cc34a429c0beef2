import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CDK_CONTEXT, ROOT } from '../support/app';

/** Runs the app the way `cdk synth` does (with cdk.json's context), with the context and environment given. */
function run(context: Record<string, string>, env: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cli-'));
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/landing-zone.ts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_CONTEXT, nag: 'false', ...context }),
      },
    },
  );
  return { ...result, written: fs.readdirSync(outdir) };
}

function synth(configPath: string) {
  return run({ config: configPath });
}

/** The example with its own organization and accounts, as a team's config would be, in a temp file. */
function realConfigFile(): string {
  const text = fs
    .readFileSync(path.join(ROOT, 'config/landing-zone.example.yaml'), 'utf8')
    .replace('id: o-exampleorg1', 'id: o-a1b2c3d4e5')
    .replace("management: '111111111111'", "management: '123456789012'")
    .replace("logArchive: '222222222222'", "logArchive: '210987654321'")
    .replace("audit: '333333333333'", "audit: '135791357913'");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cfg-')), 'acme.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('the app given a bad config', () => {
  test('fails when the config file is missing, with one line, no stack trace and no template', () => {
    const { status, stderr, stdout, written } = synth('config/nope.yaml');
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('Config file not found: config/nope.yaml (pass another with -c config=PATH)');
    expect(stdout).toBe('');
    expect(written).toEqual([]);
  });

  test('fails when an account ID is malformed, naming the key and value, with no template', () => {
    const broken = fs
      .readFileSync(path.join(ROOT, 'config/landing-zone.example.yaml'), 'utf8')
      .replace("logArchive: '222222222222'", "logArchive: '2222'");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cfg-')), 'broken.yaml');
    fs.writeFileSync(file, broken);
    const { status, stderr, written } = synth(file);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `${file}: invalid config`,
      '  accounts.logArchive: must be a 12-digit AWS account ID, got "2222"',
    ]);
    expect(written).toEqual([]);
  });
});

describe('the app names its config and refuses to deploy the example', () => {
  test('reads LANDING_ZONE_CONFIG, says so in one stderr line, and deploys a config of its own', () => {
    // GIVEN a config with real-looking IDs named by the environment, and the deploy flag npm run deploy sets
    const file = realConfigFile();
    // WHEN the app runs
    const { status, stderr, written } = run({ deploy: 'true' }, { LANDING_ZONE_CONFIG: file });
    // THEN it names the file on stderr and synthesizes
    expect(stderr.trim()).toBe(`Landing zone config: ${file} (LANDING_ZONE_CONFIG)`);
    expect(status).toBe(0);
    expect(written).toContain('LogArchive.template.json');
  });

  test('fails when deploying the example, with one line and no template', () => {
    const { status, stderr, written } = run({ deploy: 'true' }, { LANDING_ZONE_CONFIG: '' });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Refusing to deploy config\/landing-zone\.example\.yaml: organization\.id, accounts\.management, .* are the example's placeholder;/,
      ),
    ]);
    expect(written).toEqual([]);
  });
});

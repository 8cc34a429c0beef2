import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/root';
import { tsScript } from '../support/ts-script';

/** The feature flags of cdk.json, which the CLI passes to the app. */
const CDK_CONTEXT = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;

/** Runs the app the way `cdk synth` does (with cdk.json's context), with the context and environment given. */
function run(context: Record<string, string>, env: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cli-'));
  const result = spawnSync(process.execPath, tsScript('bin/landing-zone.ts'), {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_CONTEXT, nag: 'false', ...context }),
    },
  });
  return { ...result, written: fs.readdirSync(outdir) };
}

function synth(configPath: string) {
  return run({ config: configPath });
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
  test('fails when deploying placeholder IDs, after naming the config LANDING_ZONE_CONFIG chose, with no template', () => {
    // GIVEN a copy of the example, placeholder IDs and all, named by the environment
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cfg-')), 'copy.yaml');
    fs.copyFileSync(path.join(ROOT, 'config/landing-zone.example.yaml'), file);
    // WHEN the app runs with the flag `npm run deploy` sets
    const { status, stderr, written } = run({ deploy: 'true' }, { LANDING_ZONE_CONFIG: file });
    // THEN it names the file, refuses in one line, and writes nothing
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `Landing zone config: ${file} (LANDING_ZONE_CONFIG)`,
      `Refusing to deploy ${file}: organization.id, accounts.management, accounts.logArchive, accounts.audit are the example's placeholder; name your organization's config with LANDING_ZONE_CONFIG=PATH or -c config=PATH`,
    ]);
    expect(written).toEqual([]);
  });
});

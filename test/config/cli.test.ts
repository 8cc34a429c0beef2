import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/app';

/** Runs the app the way `cdk synth` does, with the config and output directory given. */
function synth(configPath: string) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cli-'));
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/landing-zone.ts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ config: configPath, nag: 'false' }),
      },
    },
  );
  return { ...result, written: fs.readdirSync(outdir) };
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

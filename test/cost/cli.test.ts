import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accountsFromDiscover, runCost } from '../../lib/cost/command';
import { ROOT } from '../support/app';
import { tsScript } from '../support/ts-script';

/** Runs `npm run cost` as a user would, without npm's header lines. */
function cost(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, tsScript('scripts/cost.ts', ...args), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANDING_ZONE_CONFIG: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cost-')), name);
  fs.writeFileSync(file, text);
  return file;
}

/** The same command in process, for the many argument cases; the subprocess cases prove the wiring. */
function inProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runCost(
    args,
    {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      readFile: (p) => fs.readFileSync(path.resolve(ROOT, p), 'utf8'),
    },
    { defaultConfigPath: 'config/landing-zone.example.yaml' },
  );
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('npm run cost', () => {
  test('prints every component, the total, the strategies and the duplicate warnings for the example', () => {
    const { status, stdout, stderr } = cost(['--accounts', '100']);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^Landing zone cost estimate for config\/landing-zone\.example\.yaml$/m);
    expect(stdout).toMatch(/^Volume: 100 accounts \(--accounts\)/m);
    expect(stdout).toMatch(/^CloudTrail Lake \(eu-west-1\) +\$56\.25 +\$0\.00$/m);
    expect(stdout).toMatch(/^Total of the priced lines +\$[\d,]+\.\d\d +\$0\.00$/m);
    expect(stdout).toMatch(/^ {2}trail \+ CloudTrail Lake +\$[\d,.]+$/m);
    expect(stdout.match(/^warning: /gm)).toHaveLength(3);
  });

  test("prints the README's strategy comparison for the example and 100 accounts", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## What the logging costs'));
    const shown = /```\n([^`]+?)\n```/.exec(section)![1];
    expect(section).toContain('`npm run cost -- --accounts 100`');
    const { status, stdout } = inProcess(['--accounts', '100']);
    expect(status).toBe(0);
    expect(stdout).toContain(shown);
  });

  test('reads LANDING_ZONE_CONFIG when --config is not given', () => {
    const text = fs
      .readFileSync(path.join(ROOT, 'config/landing-zone.example.yaml'), 'utf8')
      .replace('  enabled: true\n    # EXTENDABLE', '  enabled: false\n    # EXTENDABLE');
    const file = tempFile('no-lake.yaml', text);
    const { status, stdout } = cost([], { LANDING_ZONE_CONFIG: file });
    expect(status).toBe(0);
    expect(stdout).toContain(`Landing zone cost estimate for ${file}`);
    expect(stdout).not.toMatch(/^CloudTrail Lake/m);
    expect(stdout.match(/^warning: /gm)).toHaveLength(2);
  });

  test.each([
    [['--accounts', '-3'], 'cost: --accounts must be a whole number of at least 1, got "-3"'],
    [['--accounts', 'many'], 'cost: --accounts must be a whole number of at least 1, got "many"'],
    [['--gb-per-account', '-0.5'], 'cost: --gb-per-account must be a number of at least 0, got "-0.5"'],
    [['--events-per-account', '1.5'], 'cost: --events-per-account must be a whole number of at least 0, got "1.5"'],
    [['--config', 'config/nope.yaml'], 'cost: --config: cannot read config/nope.yaml'],
  ])('fails with one line and exit code 2 given %j', (args, message) => {
    const { status, stdout, stderr } = inProcess(args);
    expect([status, stdout, stderr]).toEqual([2, '', message]);
  });

  test('a bad flag exits 2 with one line on stderr and nothing on stdout, as a process', () => {
    const { status, stdout, stderr } = cost(['--accounts', '-3']);
    expect([status, stdout, stderr]).toEqual([
      2,
      '',
      'cost: --accounts must be a whole number of at least 1, got "-3"\n',
    ]);
  });

  test('fails when a flag is unknown, naming it', () => {
    const { status, stderr } = inProcess(['--acounts', '100']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^cost: Unknown option '--acounts'.* \(see --help\)$/);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  test('fails when the config is invalid, with the loader lines and no stack trace', () => {
    const file = tempFile(
      'bad.yaml',
      fs
        .readFileSync(path.join(ROOT, 'config/landing-zone.example.yaml'), 'utf8')
        .replace("audit: '333333333333'", "audit: '3'"),
    );
    const { status, stderr } = inProcess(['--config', file]);
    expect(status).toBe(2);
    expect(stderr).toBe(`cost: ${file}: invalid config\n  accounts.audit: must be a 12-digit AWS account ID, got "3"`);
  });

  test('takes the active accounts from a saved discover summary', () => {
    const summary = tempFile(
      'discover.txt',
      'Organization o-a1b2c3d4e5 (all features), management account 111111111111 (Management)\n1 root, 5 OUs, 8 accounts (7 active, 1 suspended)\n',
    );
    const { status, stdout } = inProcess(['--accounts-from', summary]);
    expect(status).toBe(0);
    expect(stdout).toContain(`Volume: 7 accounts (active accounts in ${summary})`);
    const io = { out: () => undefined, err: () => undefined, readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    expect(accountsFromDiscover(summary, io)).toBe(7);
  });

  test('fails when the discover file has no summary, or both account flags are given', () => {
    const other = tempFile('other.txt', 'organization:\n  id: o-a1b2c3d4e5\n');
    expect(inProcess(['--accounts-from', other]).stderr).toBe(
      `cost: --accounts-from: ${other} has no "N accounts (M active ...)" line from npm run discover (save its stderr: 2> ${other})`,
    );
    expect(inProcess(['--accounts', '3', '--accounts-from', other])).toMatchObject({
      status: 2,
      stderr: 'cost: pass --accounts or --accounts-from, not both',
    });
  });
});

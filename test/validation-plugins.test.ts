import { spawnSync } from 'node:child_process';
import { NAG_OWN_DEPRECATIONS, withoutDeprecationWarnings } from '../lib/validation-plugins';
import { ROOT } from './support/root';

describe('addValidationPlugins', () => {
  test('building the landing zone leaves cdk-nag unloaded until its packs run', () => {
    // GIVEN the example landing zone built in a fresh process, as `cdk synth` runs it
    const script = `
      const fs = require('node:fs');
      const os = require('node:os');
      const path = require('node:path');
      const { App } = require('aws-cdk-lib');
      const { loadConfig } = require('./lib/config/loader');
      const { buildLandingZone } = require('./lib/landing-zone');
      const nagLoaded = () => Object.keys(require.cache).some((file) => file.includes('/node_modules/cdk-nag/'));
      const app = new App({
        outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lz-nag-')),
        context: JSON.parse(fs.readFileSync('cdk.json', 'utf8')).context,
      });
      buildLandingZone(app, loadConfig('config/landing-zone.example.yaml'));
      const built = nagLoaded();
      app.synth();
      console.log(JSON.stringify({ built, synthesized: nagLoaded() }));
    `;
    // WHEN it is built, then synthesized (the template validator off, to keep this quick)
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_VALIDATION: 'false' },
    });
    // THEN cdk-nag is loaded by its packs running, not by building
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ built: false, synthesized: true });
    // AND cdk-nag reading a deprecated property (EVB1 on the alert bus policy) printed nothing
    expect(run.stderr).not.toContain('is deprecated');
  });
});

describe('withoutDeprecationWarnings', () => {
  const deprecation = (id: string) => [
    '[WARNING]',
    `${id} is deprecated, and will be removed in the next major release.`,
  ];

  function warningsDuring(fn: () => void): unknown[][] {
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      withoutDeprecationWarnings(NAG_OWN_DEPRECATIONS, fn);
      return spy.mock.calls;
    } finally {
      spy.mockRestore();
    }
  }

  test("drops the deprecation of cdk-nag's own reads and nothing else", () => {
    const other = deprecation('aws-cdk-lib.aws_lambda.FunctionOptions#logRetention');
    const calls = warningsDuring(() => {
      console.warn(...deprecation('aws-cdk-lib.aws_events.CfnEventBusPolicy#principal'));
      console.warn(...other);
      console.warn('[WARNING]', 'aws-cdk-lib.aws_events.CfnEventBusPolicy#principal changed');
    });
    expect(calls).toEqual([other, ['[WARNING]', 'aws-cdk-lib.aws_events.CfnEventBusPolicy#principal changed']]);
  });

  test('puts console.warn back, also when the run throws', () => {
    const warn = console.warn;
    expect(() =>
      withoutDeprecationWarnings(NAG_OWN_DEPRECATIONS, () => {
        throw new Error('nag failed');
      }),
    ).toThrow('nag failed');
    expect(console.warn).toBe(warn);
  });
});

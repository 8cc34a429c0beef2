import { spawnSync } from 'node:child_process';
import { ROOT } from './support/app';

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
  });
});

#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import type { LandingZoneConfig } from '../lib/config/schema';
import { configSource, describeSource, placeholderRefusal } from '../lib/config/source';

const app = new App();
const source = configSource(app.node.tryGetContext('config'), process.env);

let config: LandingZoneConfig;
try {
  config = loadConfig(source.path);
  console.error(describeSource(source));
  // Set by `npm run deploy`: the example's placeholder accounts are never what a deploy means.
  const refusal =
    app.node.tryGetContext('deploy') === 'true' && placeholderRefusal(source, config, loadConfig(DEFAULT_CONFIG_PATH));
  if (refusal) throw new ConfigError(refusal);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A config mistake is the user's to fix: one message, no stack trace, no template.
  console.error(error.message);
  process.exit(1);
}

// Loaded once the config is known to be good, so that a mistake is reported before the stacks' modules load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildLandingZone } = require('../lib/landing-zone') as typeof import('../lib/landing-zone');
buildLandingZone(app, config, { nag: app.node.tryGetContext('nag') !== 'false' });
app.synth();

#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { buildLandingZone } from '../lib/landing-zone';

const app = new App();
const configPath: string = app.node.tryGetContext('config') ?? process.env.LANDING_ZONE_CONFIG ?? DEFAULT_CONFIG_PATH;

try {
  buildLandingZone(app, loadConfig(configPath), { nag: app.node.tryGetContext('nag') !== 'false' });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A config mistake is the user's to fix: one message, no stack trace, no template.
  console.error(error.message);
  process.exit(1);
}
app.synth();

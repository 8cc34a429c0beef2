import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../lib/config/loader';
import { configSchema, type LandingZoneConfig } from '../../lib/config/schema';
import type { LandingZone } from '../../lib/landing-zone';
import { LandingZoneTemplateValidation } from '../../lib/nested-template-validation';
import { ROOT } from './root';

export { ROOT };

/** The feature flags and settings of cdk.json, so tests synthesize what `cdk synth` does. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'),
).context;

export function exampleConfig(): LandingZoneConfig {
  return loadConfig(path.join(ROOT, DEFAULT_CONFIG_PATH));
}

/** The example config with some sections replaced, validated like a real file. */
export function configWith(overrides: (raw: Record<string, any>) => void): LandingZoneConfig {
  const raw = structuredClone(exampleConfig()) as Record<string, any>;
  overrides(raw);
  return configSchema.parse(raw);
}

export interface NewAppOptions {
  /** Run the CloudFormation template validator at synth, over nested templates too, as `cdk synth` does. @default false */
  readonly templateValidation?: boolean;
}

/** An App that behaves like the CLI's, writing its cloud assembly to a fresh temp dir. */
export function newApp(context: Record<string, unknown> = {}, options: NewAppOptions = {}): App {
  const app = new App({
    context: { ...CDK_CONTEXT, ...context },
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lz-test-')),
  });
  if (options.templateValidation) Validations.of(app).addPlugins(new LandingZoneTemplateValidation());
  return app;
}

export interface SynthesizedLandingZone {
  readonly app: App;
  readonly stacks: LandingZone;
  readonly template: (stack: keyof LandingZone) => Template;
}

/** Builds the landing zone without cdk-nag (the gate tests run it once for the whole app). */
export function synthLandingZone(config: LandingZoneConfig = exampleConfig()): SynthesizedLandingZone {
  // Loaded here, not at the top: construct tests import this module too, and need none of the stacks' modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildLandingZone } = require('../../lib/landing-zone') as typeof import('../../lib/landing-zone');
  const app = newApp();
  const stacks = buildLandingZone(app, config, { nag: false });
  const templates = new Map<string, Template>();
  return {
    app,
    stacks,
    template: (name) => {
      if (!templates.has(name)) {
        const stack = stacks[name];
        if (stack === undefined) throw new Error(`this config builds no ${name} stack`);
        templates.set(name, Template.fromStack(stack));
      }
      return templates.get(name)!;
    },
  };
}

/** A stack in the log-archive account and home region of the example, for testing one construct. */
export function newStack(account = '222222222222', region = 'eu-west-1'): Stack {
  return new Stack(new App({ context: CDK_CONTEXT }), 'Test', { env: { account, region } });
}

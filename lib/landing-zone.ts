import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { LandingZoneConfig } from './config/schema';
import { Naming } from './naming';
import { LogArchiveStack } from './stacks/log-archive-stack';

export interface LandingZoneOptions {
  /** Run the cdk-nag AwsSolutions and NIST 800-53 R5 packs during synthesis. @default true */
  readonly nag?: boolean;
}

/** The stacks of the landing zone, in deployment order. */
export interface LandingZone {
  readonly logArchive: LogArchiveStack;
}

/** Composes every stack of the landing zone from one validated config. */
export function buildLandingZone(app: App, config: LandingZoneConfig, options: LandingZoneOptions = {}): LandingZone {
  const naming = new Naming(config);
  const home = config.regions.home;

  const logArchive = new LogArchiveStack(app, 'LogArchive', {
    env: { account: config.accounts.logArchive, region: home },
    description: 'Landing zone log archive: log key, trail, config and access-log buckets',
    naming,
    logArchive: config.logArchive,
  });

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  }
  return { logArchive };
}

import type { App } from 'aws-cdk-lib';
import { siemAccountId } from './config/baseline';
import type { LandingZoneConfig } from './config/schema';
import { securityLakeRegions } from './config/security-lake';
import { Naming } from './naming';
import { buildAlertingStacks } from './stacks/alerting-stack';
import { AuditStack, auditStackId } from './stacks/audit-stack';
import { CiStack } from './stacks/ci-stack';
import { CloudTrailLakeStack } from './stacks/cloudtrail-lake-stack';
import { InvestigationStack } from './stacks/investigation-stack';
import { LogArchiveStack } from './stacks/log-archive-stack';
import { ManagementStack } from './stacks/management-stack';
import { buildSecurityLakeStacks } from './stacks/security-lake-stack';
import { addValidationPlugins } from './validation-plugins';

export interface LandingZoneOptions {
  /**
   * Run the cdk-nag AwsSolutions and NIST 800-53 R5 packs during synthesis,
   * after the template validator (see `addValidationPlugins`).
   * @default true
   */
  readonly nag?: boolean;
}

/** The stacks of the landing zone, in deployment order. */
export interface LandingZone {
  readonly logArchive: LogArchiveStack;
  readonly management: ManagementStack;
  /** The audit account's stack, in the home region; it reaches the other governed regions through StackSets. */
  readonly audit: AuditStack;
  /** The investigator role, Athena workgroup and trail table, in audit's home region. */
  readonly investigation: InvestigationStack;
  /** The CI pipeline's OIDC provider and roles, in the management account (when `ci` is configured). */
  readonly ci?: CiStack;
  /** The CloudTrail Lake event data store, when the config enables it; deployed last. */
  readonly cloudTrailLake?: CloudTrailLakeStack;
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

  const management = new ManagementStack(app, 'Management', {
    env: { account: config.accounts.management, region: home },
    description: 'Landing zone management: organization trail, CIS alarms, delegated administrators, SCP guardrails',
    naming,
    management: config.management,
    organization: config.organization,
    governedRegions: config.regions.governed,
    trailBucketMfaDelete: config.logArchive.trailBucket.mfaDelete,
    securityLake: config.securityLake.enabled,
    securityLakeRegions: securityLakeRegions(config.regions.governed),
    alerting: config.alerts !== undefined,
    controlTowerConfigRecording: config.audit.controlTower.configRecording,
    ownLogsReader: config.logArchive.ownLogs.enabled,
    baseline: config.baseline,
    siemAccountId: siemAccountId(config.securityLake),
  });
  // The trail writes into the log-archive bucket and key, which must admit it first.
  management.addStackDependency(logArchive);

  const audit = new AuditStack(app, auditStackId(home), {
    env: { account: config.accounts.audit, region: home },
    description:
      'Landing zone audit: GuardDuty in every governed region (StackSet), Security Hub central configuration, Config aggregator, recorders and conformance pack, Access Analyzer',
    naming,
    audit: config.audit,
    organization: config.organization,
    governedRegions: config.regions.governed,
    trailBucketVault: config.logArchive.trailBucket.mfaDelete === 'vault',
    ebsEncryptionByDefault: config.baseline.ebsEncryption.enabled,
  });
  // Management registers audit as delegated administrator; log-archive holds the findings bucket and key.
  audit.addStackDependency(management);
  audit.addStackDependency(logArchive);

  const investigation = new InvestigationStack(app, 'Investigation', {
    env: { account: config.accounts.audit, region: home },
    description:
      "Landing zone investigation: read-only investigator role, Athena workgroup and Glue table over the trail, every member's own-logs reader (StackSet)",
    naming,
    trailBucket: config.logArchive.trailBucket,
    ownLogs: config.logArchive.ownLogs,
    organizationRootId: config.organization.rootId,
  });
  // The trail bucket and log key must admit the investigator and the own-logs readers, and the results bucket
  // exist; the own-logs StackSet needs audit registered as the StackSets delegated administrator.
  investigation.addStackDependency(logArchive);
  investigation.addStackDependency(management);

  // Security Lake deploys once management has registered log-archive as its delegated administrator.
  buildSecurityLakeStacks(app, config, naming, [management]);
  buildAlertingStacks(app, config, naming, { audit, management });

  // Independent of the others: CI reaches the accounts through their bootstrap roles, not these stacks.
  const ci =
    config.ci &&
    new CiStack(app, 'Ci', {
      env: { account: config.accounts.management, region: home },
      description: 'Landing zone CI: GitHub OIDC provider, deploy role for the CI environment, read-only diff role',
      naming,
      ci: config.ci,
    });

  // Built last, so that `cdk deploy --all` reaches it after everything else: AWS may refuse
  // the event data store (CloudTrail Lake closed to new customers), and nothing waits on it.
  let cloudTrailLake: CloudTrailLakeStack | undefined;
  if (config.management.cloudTrailLake.enabled) {
    cloudTrailLake = new CloudTrailLakeStack(app, 'CloudTrailLake', {
      env: { account: config.accounts.management, region: home },
      description:
        'Landing zone CloudTrail Lake: the organization event data store, apart so a refusal rolls back nothing else',
      naming,
      cloudTrailLake: config.management.cloudTrailLake,
      managementEvents: config.management.trail.managementEvents,
    });
    // The organization event data store needs CloudTrail's trusted access, which management enables.
    cloudTrailLake.addStackDependency(management);
  }

  if (options.nag ?? true) {
    addValidationPlugins(app);
  }
  return { logArchive, management, audit, investigation, ci, cloudTrailLake };
}

import type { LandingZoneConfig } from './config/schema';

/** The parts of the config that physical names are derived from. */
/** The roles `cdk bootstrap` creates for the CLI, by the middle of their names. */
export const BOOTSTRAP_ROLES = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;
export type BootstrapRole = (typeof BOOTSTRAP_ROLES)[number];

export type NamingConfig = Pick<LandingZoneConfig, 'organization' | 'accounts' | 'regions' | 'deployment'>;

/**
 * Every physical name one account's stack needs from another's.
 *
 * CloudFormation exports do not cross accounts, so the stacks agree on names
 * instead: each is derived here, deterministically, from the config. A
 * construct never spells out an account ID or a shared name itself.
 */
export class Naming {
  readonly prefix: string;
  readonly organizationId: string;
  readonly homeRegion: string;
  readonly accounts: LandingZoneConfig['accounts'];
  private readonly qualifier: string;

  constructor(config: NamingConfig) {
    this.prefix = config.deployment.prefix;
    this.qualifier = config.deployment.cdkQualifier;
    this.organizationId = config.organization.id;
    this.homeRegion = config.regions.home;
    this.accounts = config.accounts;
  }

  /** Bucket names carry account and region so they are globally unique and stable. */
  get trailBucketName(): string {
    return this.logArchiveBucket('cloudtrail');
  }

  get configBucketName(): string {
    return this.logArchiveBucket('config');
  }

  get accessLogBucketName(): string {
    return this.logArchiveBucket('s3-access-logs');
  }

  /** Where the audit account's GuardDuty detectors export findings from every governed region. */
  get guardDutyFindingsBucketName(): string {
    return this.logArchiveBucket('guardduty-findings');
  }

  get guardDutyFindingsKeyAlias(): string {
    return `alias/${this.prefix}/guardduty-findings`;
  }

  /** The audit account resolves the findings key's ARN from this alias ARN at deploy time. */
  get guardDutyFindingsKeyAliasArn(): string {
    return `arn:aws:kms:${this.homeRegion}:${this.accounts.logArchive}:${this.guardDutyFindingsKeyAlias}`;
  }

  /**
   * Prefix of the role AWS Config records with in every member account; the
   * StackSet appends the region, as each regional stack instance owns one.
   */
  get configRecorderRoleNamePrefix(): string {
    return `${this.prefix}-config-recorder`;
  }

  /**
   * The audit account's GuardDuty StackSet, which configures GuardDuty in
   * every governed region, and its roles: CloudFormation assumes the
   * administration role, which alone assumes the execution role.
   */
  get guardDutyStackSetName(): string {
    return `${this.prefix}-guardduty`;
  }

  get guardDutyStackSetAdministrationRoleName(): string {
    return `${this.prefix}-guardduty-stackset-admin`;
  }

  get guardDutyStackSetExecutionRoleName(): string {
    return `${this.prefix}-guardduty-stackset-exec`;
  }

  /** The GuardDuty handler's role in one region is this plus `-<region>`; its function has this name. */
  get guardDutyHandlerName(): string {
    return `${this.prefix}-guardduty-detector`;
  }

  /**
   * Every role above. The guardrail SCPs must exempt them, as they deny the
   * detector, organization and export calls to everyone else.
   */
  get guardDutyRoleArnPattern(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.prefix}-guardduty-*`;
  }

  get logKeyAlias(): string {
    return `alias/${this.prefix}/logs`;
  }

  /** CloudTrail and Config in other accounts address the log key by this alias ARN. */
  get logKeyAliasArn(): string {
    return `arn:aws:kms:${this.homeRegion}:${this.accounts.logArchive}:${this.logKeyAlias}`;
  }

  get trailName(): string {
    return `${this.prefix}-organization-trail`;
  }

  get trailArn(): string {
    return `arn:aws:cloudtrail:${this.homeRegion}:${this.accounts.management}:trail/${this.trailName}`;
  }

  /** The organization trail's copy in CloudWatch Logs (management account), which the CIS alarms read. */
  get trailLogGroupName(): string {
    return `/${this.prefix}/organization-trail`;
  }

  /** The CIS alarm topic in the management account; alerting subscribes Slack to it. */
  get cisAlarmTopicName(): string {
    return `${this.prefix}-cis-alarms`;
  }

  get cisAlarmTopicArn(): string {
    return `arn:aws:sns:${this.homeRegion}:${this.accounts.management}:${this.cisAlarmTopicName}`;
  }

  /** The CloudTrail Lake organization event data store in the management account. */
  get eventDataStoreName(): string {
    return `${this.prefix}-organization-events`;
  }

  /** Where Athena writes the investigator's query results, in the log-archive account. */
  get queryResultsBucketName(): string {
    return this.logArchiveBucket('athena-results');
  }

  /** The Athena workgroup (audit account) that queries the trail bucket. */
  get investigationWorkGroupName(): string {
    return `${this.prefix}-investigation`;
  }

  /** The Glue database (audit account) of the tables over the log buckets; Athena prefers underscores. */
  get investigationDatabaseName(): string {
    return `${this.prefix.replace(/-/g, '_')}_logs`;
  }

  /** Every log-archive bucket the landing zone names, present and future, as an S3 ARN pattern. */
  get logArchiveBucketArnPattern(): string {
    return `arn:aws:s3:::${this.prefix}-*-${this.accounts.logArchive}-${this.homeRegion}`;
  }

  /**
   * The role service-managed StackSets deploy member-account stacks as (the
   * AWS Config recorders, for one). The name is AWS's; its suffix varies.
   */
  get stackSetExecutionRoleArnPattern(): string {
    return 'arn:aws:iam::*:role/stacksets-exec-*';
  }

  /** The event bus in the audit account's home region that every account forwards its alert events to. */
  get alertBusName(): string {
    return `${this.prefix}-security-alerts`;
  }

  get alertBusArn(): string {
    return `arn:aws:events:${this.homeRegion}:${this.accounts.audit}:event-bus/${this.alertBusName}`;
  }

  /** The role that forwards alert events to the bus, one per account and region (the region is appended). */
  get alertForwarderRoleNamePrefix(): string {
    return `${this.prefix}-alert-forwarder`;
  }

  /** Every account's forwarder roles, which alone may put events on the alert bus. */
  get alertForwarderRoleArnPattern(): string {
    return `arn:aws:iam::*:role/${this.alertForwarderRoleNamePrefix}-*`;
  }

  /** The EventBridge rules, in every account and region, that forward security events to the alert bus. */
  get alertForwardingRuleArnPattern(): string {
    return `arn:aws:events:*:*:rule/${this.prefix}-forward-*`;
  }

  /**
   * The roles of the management account's self-managed forwarder StackSet:
   * CloudFormation assumes the administration role, which alone assumes the
   * execution role. Deliberately outside `alertForwarderRoleArnPattern`, which
   * the alert bus admits and the execution role may manage.
   */
  get forwarderStackSetAdministrationRoleName(): string {
    return `${this.prefix}-forwarder-stackset-admin`;
  }

  get forwarderStackSetExecutionRoleName(): string {
    return `${this.prefix}-forwarder-stackset-exec`;
  }

  /** The read-only role in the audit account that investigates the logs. */
  get investigatorRoleName(): string {
    return `${this.prefix}-log-investigator`;
  }

  get investigatorRoleArn(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.investigatorRoleName}`;
  }

  /**
   * The CloudFormation execution role that `cdk bootstrap` creates in an account,
   * in any region. Deployments run as this role and have no MFA.
   */
  deploymentRoleArnPattern(account: string): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-cfn-exec-role-${account}-*`;
  }

  /** The CloudFormation execution role `cdk bootstrap` creates in one account and region. */
  deploymentRoleArn(account: string, region: string): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-cfn-exec-role-${account}-${region}`;
  }

  /**
   * A role `cdk bootstrap` creates in an account, in any region. The CLI
   * assumes them for a deployment: `deploy` (CloudFormation calls),
   * `file-publishing` and `image-publishing` (assets), `lookup` (reading
   * deployed templates and context).
   */
  bootstrapRoleArnPattern(account: string, role: BootstrapRole): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-${role}-role-${account}-*`;
  }

  /** The role CI deploys as, from jobs of the configured GitHub environment only (management account). */
  get ciDeployRoleName(): string {
    return `${this.prefix}-ci-deploy`;
  }

  get ciDeployRoleArn(): string {
    return `arn:aws:iam::${this.accounts.management}:role/${this.ciDeployRoleName}`;
  }

  /** The read-only role pull requests run `cdk diff` as (management account). */
  get ciDiffRoleName(): string {
    return `${this.prefix}-ci-diff`;
  }

  get ciDiffRoleArn(): string {
    return `arn:aws:iam::${this.accounts.management}:role/${this.ciDiffRoleName}`;
  }

  /** The role Security Lake's metastore-manager Lambda runs as; the service expects this exact name. */
  get securityLakeMetaStoreManagerRoleArn(): string {
    return `arn:aws:iam::${this.accounts.logArchive}:role/service-role/AmazonSecurityLakeMetaStoreManagerV2`;
  }

  /** S3 replicates into the rollup region as this role; Security Lake requires the `SecurityLake` prefix. */
  get securityLakeReplicationRoleArn(): string {
    return `arn:aws:iam::${this.accounts.logArchive}:role/service-role/SecurityLake-${this.prefix}-replication`;
  }

  /** Alias of the Security Lake key, one key per region under the same alias. */
  get securityLakeKeyAlias(): string {
    return `alias/${this.prefix}/security-lake`;
  }

  /** External ID of the audit account's query subscription. */
  get securityLakeAuditExternalId(): string {
    return `${this.prefix}-security-lake-audit-${this.accounts.audit}`;
  }

  private logArchiveBucket(purpose: string): string {
    return `${this.prefix}-${purpose}-${this.accounts.logArchive}-${this.homeRegion}`;
  }
}

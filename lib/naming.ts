import type { LandingZoneConfig } from './config/schema';

/** The parts of the config that physical names are derived from. */
/** The roles `cdk bootstrap` creates for the CLI, by the middle of their names. */
export const CDK_ROLE_KINDS = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;
export type CdkRoleKind = (typeof CDK_ROLE_KINDS)[number];

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
  private readonly bootstrapRoleName: string;
  private readonly deployers: readonly string[];

  constructor(config: NamingConfig) {
    this.prefix = config.deployment.prefix;
    this.qualifier = config.deployment.cdkQualifier;
    this.bootstrapRoleName = config.deployment.bootstrapRoleName;
    this.deployers = config.deployment.deployerRoleArns;
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

  /** The management account's own Config recorders (a self-managed StackSet) and its roles. */
  get managementRecordersStackSetName(): string {
    return `${this.prefix}-management-config-recorders`;
  }

  get managementRecordersStackSetAdministrationRoleName(): string {
    return `${this.prefix}-recorders-stackset-admin`;
  }

  get managementRecordersStackSetExecutionRoleName(): string {
    return `${this.prefix}-recorders-stackset-exec`;
  }

  /** The audit StackSet of the Access Analyzer and conformance pack in the governed regions but home, and its roles. */
  get auditRegionsStackSetName(): string {
    return `${this.prefix}-audit-regions`;
  }

  get auditRegionsStackSetAdministrationRoleName(): string {
    return `${this.prefix}-audit-regions-stackset-admin`;
  }

  get auditRegionsStackSetExecutionRoleName(): string {
    return `${this.prefix}-audit-regions-stackset-exec`;
  }

  get auditRegionsStackSetExecutionRoleArn(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.auditRegionsStackSetExecutionRoleName}`;
  }

  /** Both roles of the audit-regions StackSet, which the guardrails protect. */
  get auditRegionsRoleArnPattern(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.prefix}-audit-regions-stackset-*`;
  }

  /** The GuardDuty handler's role in one region is this plus `-<region>`; its function has this name. */
  get guardDutyHandlerName(): string {
    return `${this.prefix}-guardduty-detector`;
  }

  /**
   * Every role above: the guardrails keep anyone but their deployers from
   * creating or changing a role of this name.
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

  /**
   * The role every member account reads its own logs in the trail bucket as.
   * The trail bucket and log key admit this name in any account of the
   * organization, each to its own prefix only; the guardrails keep anyone but
   * its StackSet from creating or changing a role of this name.
   */
  get ownLogsReaderRoleName(): string {
    return `${this.prefix}-own-logs-reader`;
  }

  get ownLogsReaderRoleArnPattern(): string {
    return `arn:aws:iam::*:role/${this.ownLogsReaderRoleName}`;
  }

  /** The service-managed StackSet (audit) that deploys the reader, and its Athena option, to every member. */
  get ownLogsStackSetName(): string {
    return `${this.prefix}-own-logs`;
  }

  /** The Athena workgroup and Glue database (every member account) of the own-logs option. */
  get ownLogsWorkGroupName(): string {
    return `${this.prefix}-own-logs`;
  }

  get ownLogsDatabaseName(): string {
    return `${this.prefix.replace(/-/g, '_')}_own_logs`;
  }

  /** Every log-archive bucket the landing zone names, present and future, as an S3 ARN pattern. */
  get logArchiveBucketArnPattern(): string {
    return `arn:aws:s3:::${this.prefix}-*-${this.accounts.logArchive}-${this.homeRegion}`;
  }

  /** Every account's AWS Config recorder roles, one per region. */
  get configRecorderRoleArnPattern(): string {
    return `arn:aws:iam::*:role/${this.configRecorderRoleNamePrefix}-*`;
  }

  /**
   * The role service-managed StackSets deploy member-account stacks as (the
   * AWS Config recorders, for one). AWS documents only the name
   * `stacksets-exec-*` ("Configure a custom execution role template for
   * StackSets", CloudFormation User Guide), not its suffix, so this stays a
   * pattern; the guardrails keep anyone from creating a role that matches it.
   */
  get stackSetExecutionRoleArnPattern(): string {
    return 'arn:aws:iam::*:role/stacksets-exec-*';
  }

  /** The stacks StackSets creates for the landing zone's StackSets, in any account (`StackSet-<name>-<id>`). */
  get stackSetInstanceArnPattern(): string {
    return `arn:aws:cloudformation:*:*:stack/StackSet-${this.prefix}-*`;
  }

  /** The customer-managed policies of the landing zone's StackSet instances (CloudFormation names them after the stack). */
  get stackSetPolicyArnPattern(): string {
    return `arn:aws:iam::*:policy/StackSet-${this.prefix}-*`;
  }

  /** The GuardDuty StackSet's execution role, which deploys the handler and its role in every region. */
  get guardDutyStackSetExecutionRoleArn(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.guardDutyStackSetExecutionRoleName}`;
  }

  /** The roles the GuardDuty handler runs as, one per region (the region is appended). */
  get guardDutyHandlerRoleArnPattern(): string {
    return `arn:aws:iam::${this.accounts.audit}:role/${this.guardDutyHandlerName}-*`;
  }

  /** The GuardDuty handler function in every region of the audit account. */
  get guardDutyHandlerFunctionArnPattern(): string {
    return `arn:aws:lambda:*:${this.accounts.audit}:function:${this.guardDutyHandlerName}`;
  }

  /** The event bus in the audit account's home region that every account forwards its alert events to. */
  get alertBusName(): string {
    return `${this.prefix}-security-alerts`;
  }

  get alertBusArn(): string {
    return `arn:aws:events:${this.homeRegion}:${this.accounts.audit}:event-bus/${this.alertBusName}`;
  }

  /**
   * The rules of the alert bus, and those of the default bus that funnel
   * GuardDuty and Security Hub findings onto it (CloudFormation names them
   * after the `Alerting` stack).
   */
  get alertRuleArnPatterns(): string[] {
    const rule = (name: string) => `arn:aws:events:${this.homeRegion}:${this.accounts.audit}:rule/${name}`;
    return [rule(`${this.alertBusName}/*`), rule('Alerting-*')];
  }

  /** Every route's topic, `<prefix>-alerts-<route>`, in the audit account. */
  get alertTopicArnPattern(): string {
    return `arn:aws:sns:${this.homeRegion}:${this.accounts.audit}:${this.prefix}-alerts-*`;
  }

  /** The key of the alert topics, in the audit account. */
  get alertKeyAlias(): string {
    return `alias/${this.prefix}/alerts`;
  }

  /** Every route's Chatbot channel configuration, `<prefix>-<route>`, in the audit account. */
  get alertChatConfigurationArnPattern(): string {
    return `arn:aws:chatbot::${this.accounts.audit}:chat-configuration/slack-channel/${this.prefix}-*`;
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

  /** The role `cdk deploy` assumes in one account and region; it alone passes the execution role to CloudFormation. */
  deployRoleArn(account: string, region: string): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-deploy-role-${account}-${region}`;
  }

  /** The deploy roles of an account, in any region. */
  deployRoleArnPattern(account: string): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-deploy-role-${account}-*`;
  }

  /** Every role `cdk bootstrap` creates in an account (deploy, execution, publishing, lookup). */
  cdkRoleArnPattern(account: string): string {
    return `arn:aws:iam::${account}:role/cdk-${this.qualifier}-*`;
  }

  /** Every customer-managed policy `cdk bootstrap` creates in an account (a permissions boundary, when asked for). */
  cdkPolicyArnPattern(account: string): string {
    return `arn:aws:iam::${account}:policy/cdk-${this.qualifier}-*`;
  }

  /** The role `cdk bootstrap` runs as in log-archive and audit, assumed from the management account. */
  bootstrapRoleArn(account: string): string {
    return `arn:aws:iam::${account}:role/${this.bootstrapRoleName}`;
  }

  /** Member-account roles besides the management account's that may assume the deploy roles. */
  get deployerRoleArns(): readonly string[] {
    return this.deployers;
  }

  /**
   * The stacks the landing zone deploys into log-archive and audit (see
   * lib/landing-zone.ts), and the bootstrap stack: their CloudFormation
   * service role is a deployment role, which anyone allowed to update the
   * stack would get to use.
   */
  get landingZoneStackArnPatterns(): string[] {
    const stack = (account: string, name: string) => `arn:aws:cloudformation:*:${account}:stack/${name}`;
    const { logArchive, audit } = this.accounts;
    return [
      stack(logArchive, 'LogArchive/*'),
      stack(logArchive, 'SecurityLake*'),
      stack(audit, `Audit-${this.homeRegion}/*`),
      stack(audit, 'Investigation/*'),
      stack(audit, 'Alerting/*'),
      ...[logArchive, audit].map((account) => stack(account, 'CDKToolkit/*')),
    ];
  }

  /**
   * The customer-managed policies CloudFormation names after the audit stacks
   * (`<stack>-<logical ID>-<suffix>`): the GuardDuty StackSet's roles', the
   * investigator's, the alert funnel's.
   */
  get auditPolicyArnPatterns(): string[] {
    const { audit } = this.accounts;
    return [`Audit-${this.homeRegion}-*`, 'Investigation-*', 'Alerting-*'].map(
      (name) => `arn:aws:iam::${audit}:policy/${name}`,
    );
  }

  /**
   * A role `cdk bootstrap` creates in an account, in any region. The CLI
   * assumes them for a deployment: `deploy` (CloudFormation calls),
   * `file-publishing` and `image-publishing` (assets), `lookup` (reading
   * deployed templates and context).
   */
  cdkRoleOfKindArnPattern(account: string, role: CdkRoleKind): string {
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

  /** Lake Formation reads the Security Lake objects for query subscribers as this service-linked role. */
  get lakeFormationDataAccessRoleArn(): string {
    return `arn:aws:iam::${this.accounts.logArchive}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`;
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

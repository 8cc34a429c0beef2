import type { LandingZoneConfig } from './config/schema';

/** The parts of the config that physical names are derived from. */
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

  private logArchiveBucket(purpose: string): string {
    return `${this.prefix}-${purpose}-${this.accounts.logArchive}-${this.homeRegion}`;
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/schema';
import { isSourceName, type SecurityLakeConfig, securityLakeRegions } from '../config/security-lake';
import { DataLake } from '../constructs/security-lake/data-lake';
import { LakeFormationAdmins } from '../constructs/security-lake/lake-formation-admins';
import { LakeKey } from '../constructs/security-lake/lake-key';
import { type LogSource, LogSources } from '../constructs/security-lake/log-sources';
import { Subscriber } from '../constructs/security-lake/subscriber';
import type { Naming } from '../naming';
import { SecurityLakeOrganizationStack } from './security-lake-organization-stack';
import { SecurityLakePrerequisitesStack } from './security-lake-prerequisites-stack';

export interface SecurityLakeStackProps extends StackProps {
  readonly naming: Naming;
  readonly securityLake: SecurityLakeConfig;
}

/**
 * Security Lake in one region of the log-archive account, its delegated
 * administrator. Lake Formation settings are regional, so each stack makes its
 * own deployment role a data-lake administrator before creating the lake.
 */
export class SecurityLakeStack extends Stack {
  readonly dataLake: DataLake;

  constructor(scope: Construct, id: string, props: SecurityLakeStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, securityLake: lake } = props;
    const { region } = this;
    const sources = logSources(lake);
    const metaStoreManagerRoleArn = naming.securityLakeMetaStoreManagerRoleArn;
    const rollupRegion = lake.rollupRegion;

    const admins = new LakeFormationAdmins(this, 'LakeFormationAdmins', {
      admins: [naming.deploymentRoleArn(naming.accounts.logArchive, region)],
    });
    const key = new LakeKey(this, 'Key', {
      alias: naming.securityLakeKeyAlias,
      metaStoreManagerRoleArn,
      lakeFormationRoleArn: naming.lakeFormationDataAccessRoleArn,
    }).key;
    this.dataLake = new DataLake(this, 'DataLake', {
      encryptionKey: key,
      metaStoreManagerRoleArn,
      transitions: lake.lifecycle.transitions,
      expireAfterDays: lake.lifecycle.expireAfterDays,
      replication:
        rollupRegion && rollupRegion !== region
          ? { rollupRegion, roleArn: naming.securityLakeReplicationRoleArn }
          : undefined,
    });
    this.dataLake.node.addDependency(admins);

    const collected = new LogSources(this, 'Sources', { dataLakeArn: this.dataLake.dataLakeArn, sources });

    // With a rollup region, its lake holds every region's data: subscribe there only.
    if (rollupRegion && rollupRegion !== region) return;
    const subscription = { dataLakeArn: this.dataLake.dataLakeArn, sources, encryptionKey: key };
    new Subscriber(this, 'AuditSubscriber', {
      ...subscription,
      subscriberName: `${naming.prefix}-audit`,
      description: 'The audit security-tooling account queries the lake through Lake Formation',
      accountId: naming.accounts.audit,
      externalId: naming.securityLakeAuditExternalId,
      access: 'LAKEFORMATION',
    }).node.addDependency(collected);
    if (lake.siem) {
      new Subscriber(this, 'SiemSubscriber', {
        ...subscription,
        subscriberName: `${naming.prefix}-siem`,
        description: 'The SIEM reads new lake objects from S3 and is notified of them over HTTPS',
        accountId: lake.siem.accountId,
        externalId: lake.siem.externalId,
        access: 'S3',
        notificationEndpoint: lake.siem.endpoint,
      }).node.addDependency(collected);
    }
  }
}

function logSources(lake: SecurityLakeConfig): LogSource[] {
  return Object.entries(lake.sources).map(([name, version]) => {
    if (!isSourceName(name)) throw new Error(`securityLake.sources must name Security Lake sources, got ${name}`);
    return { name, version };
  });
}

export interface SecurityLakeStacks {
  readonly prerequisites: SecurityLakePrerequisitesStack;
  /** One per governed region where Security Lake is available, the rollup region (if any) first. */
  readonly regions: readonly SecurityLakeStack[];
  /** The organization-wide settings, once every region's lake exists. */
  readonly organization: SecurityLakeOrganizationStack;
}

/**
 * Security Lake in the log-archive account: the IAM prerequisites, then one
 * stack per governed region, then the organization-wide settings.
 * Contributing regions replicate into the rollup region's lake, so they
 * deploy after it. Every stack also deploys `after` the given stacks (the
 * management stack, which delegates administration).
 */
export function buildSecurityLakeStacks(
  scope: Construct,
  config: Pick<LandingZoneConfig, 'securityLake' | 'regions'>,
  naming: Naming,
  after: readonly Stack[] = [],
): SecurityLakeStacks | undefined {
  const { securityLake, regions } = config;
  if (!securityLake.enabled) return undefined;
  const account = naming.accounts.logArchive;
  const lakeRegions = securityLakeRegions(regions.governed);
  const prerequisites = new SecurityLakePrerequisitesStack(scope, 'SecurityLakePrerequisites', {
    env: { account, region: regions.home },
    description: 'Landing zone Security Lake prerequisites: metastore-manager and replication IAM roles',
    naming,
    securityLake,
    governedRegions: lakeRegions,
  });
  const rollup = securityLake.rollupRegion;
  const ordered = rollup ? [rollup, ...lakeRegions.filter((r) => r !== rollup)] : lakeRegions;
  const stacks = ordered.map((region) => {
    const stack = new SecurityLakeStack(scope, `SecurityLake-${region}`, {
      env: { account, region },
      description: `Landing zone Security Lake in ${region}: data lake, log sources, subscribers`,
      naming,
      securityLake,
    });
    stack.addStackDependency(prerequisites);
    return stack;
  });
  const organization = new SecurityLakeOrganizationStack(scope, 'SecurityLakeOrganization', {
    env: { account, region: regions.home },
    description: 'Landing zone Security Lake organization settings: sources auto-enabled for new accounts',
    lakeRegions: ordered,
    sources: logSources(securityLake),
  });
  stacks.forEach((stack) => organization.addStackDependency(stack));
  for (const stack of [prerequisites, ...stacks, organization]) after.forEach((o) => stack.addStackDependency(o));
  if (rollup) stacks.slice(1).forEach((stack) => stack.addStackDependency(stacks[0]));
  return { prerequisites, regions: stacks, organization };
}

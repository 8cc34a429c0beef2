import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { COMMERCIAL_REGIONS } from '../config/regions';
import type { LogArchiveConfig } from '../config/schema';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import { InvestigationWorkGroup } from '../constructs/investigation/investigation-work-group';
import { KeyArnLookup } from '../constructs/key-arn-lookup';
import { InvestigatorRole } from '../constructs/investigation/investigator-role';
import { TrailTable } from '../constructs/investigation/trail-table';
import { OwnLogsStackSet } from '../constructs/own-logs/own-logs-stack-set';
import type { Naming } from '../naming';

export interface InvestigationStackProps extends StackProps {
  readonly naming: Naming;
  /** The trail bucket's settings: how long it keeps logs bounds how far back the table projects dates. */
  readonly trailBucket: LogArchiveConfig['trailBucket'];
  /** Every member account's own-logs reader, and its Athena option. */
  readonly ownLogs: LogArchiveConfig['ownLogs'];
  /** The organization's root, whose accounts, present and future, get the reader. */
  readonly organizationRootId: string;
}

/** A vault keeps logs until someone deletes them; the table then projects this far back. */
const VAULT_PROJECTION_DAYS = 3653;

/**
 * The audit account's window on the organization trail, whether or not
 * CloudTrail Lake is available: the read-only investigator role, an Athena
 * workgroup whose results land encrypted in log-archive, and a Glue table with
 * partition projection over the trail bucket; and every member account's
 * window on its own part of it (a StackSet audit runs).
 */
export class InvestigationStack extends Stack {
  readonly table: TrailTable;
  readonly workGroup: InvestigationWorkGroup;
  readonly investigator: InvestigatorRole;

  constructor(scope: Construct, id: string, props: InvestigationStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming } = props;

    // The trail records every region, governed or not: so do the tables. In vault mode nothing expires.
    const projection = {
      regions: COMMERCIAL_REGIONS,
      retentionDays: props.trailBucket.lifecycle?.expireAfterDays ?? VAULT_PROJECTION_DAYS,
    };
    this.table = new TrailTable(this, 'TrailTable', {
      databaseName: naming.investigationDatabaseName,
      bucketName: naming.trailBucketName,
      organizationId: naming.organizationId,
      ...projection,
    });

    const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
    // Athena encrypts results, and IAM policies name keys, by key ARN: the log key's, read at deploy time.
    const logKeyArn = new KeyArnLookup(this, 'LogKeyArn', {
      aliasArn: naming.logKeyAliasArn,
      logGroup: providerLogs.logGroup,
    }).keyArn;
    this.workGroup = new InvestigationWorkGroup(this, 'WorkGroup', {
      workGroupName: naming.investigationWorkGroupName,
      resultsBucketName: naming.queryResultsBucketName,
      resultsBucketOwner: naming.accounts.logArchive,
      encryptionKeyArn: logKeyArn,
    });
    providerLogs.acknowledgeProvider();

    this.investigator = new InvestigatorRole(this, 'Investigator', {
      roleName: naming.investigatorRoleName,
      workGroupArn: this.workGroup.workGroupArn,
      databaseName: naming.investigationDatabaseName,
      trailBucketName: naming.trailBucketName,
      resultsBucketName: naming.queryResultsBucketName,
      logKeyAccount: naming.accounts.logArchive,
      logKeyRegion: naming.homeRegion,
    });

    if (props.ownLogs.enabled) {
      new OwnLogsStackSet(this, 'OwnLogs', {
        stackSetName: naming.ownLogsStackSetName,
        targets: [props.organizationRootId],
        roleName: naming.ownLogsReaderRoleName,
        trailBucketName: naming.trailBucketName,
        organizationId: naming.organizationId,
        trailArn: naming.trailArn,
        bucketRegion: naming.homeRegion,
        logKeyArn,
        query: props.ownLogs.athena
          ? { workGroupName: naming.ownLogsWorkGroupName, databaseName: naming.ownLogsDatabaseName, ...projection }
          : undefined,
      });
    }
  }
}

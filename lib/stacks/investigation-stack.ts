import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { COMMERCIAL_REGIONS } from '../config/regions';
import type { LogArchiveConfig } from '../config/schema';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import { InvestigationWorkGroup } from '../constructs/investigation/investigation-work-group';
import { KeyArnLookup } from '../constructs/key-arn-lookup';
import { InvestigatorRole } from '../constructs/investigation/investigator-role';
import { TrailTable } from '../constructs/investigation/trail-table';
import type { Naming } from '../naming';

export interface InvestigationStackProps extends StackProps {
  readonly naming: Naming;
  /** The trail bucket's settings: how long it keeps logs bounds how far back the table projects dates. */
  readonly trailBucket: LogArchiveConfig['trailBucket'];
}

/** A vault keeps logs until someone deletes them; the table then projects this far back. */
const VAULT_PROJECTION_DAYS = 3653;

/**
 * The audit account's window on the organization trail, whether or not
 * CloudTrail Lake is available: the read-only investigator role, an Athena
 * workgroup whose results land encrypted in log-archive, and a Glue table with
 * partition projection over the trail bucket.
 */
export class InvestigationStack extends Stack {
  readonly table: TrailTable;
  readonly workGroup: InvestigationWorkGroup;
  readonly investigator: InvestigatorRole;

  constructor(scope: Construct, id: string, props: InvestigationStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming } = props;

    this.table = new TrailTable(this, 'TrailTable', {
      databaseName: naming.investigationDatabaseName,
      bucketName: naming.trailBucketName,
      organizationId: naming.organizationId,
      // The trail records every region, governed or not: so does the table.
      regions: COMMERCIAL_REGIONS,
      // In vault mode nothing expires.
      retentionDays: props.trailBucket.lifecycle?.expireAfterDays ?? VAULT_PROJECTION_DAYS,
    });

    const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
    this.workGroup = new InvestigationWorkGroup(this, 'WorkGroup', {
      workGroupName: naming.investigationWorkGroupName,
      resultsBucketName: naming.queryResultsBucketName,
      resultsBucketOwner: naming.accounts.logArchive,
      // Athena encrypts results with a key it is given by ARN: the log key's, read at deploy time.
      encryptionKeyArn: new KeyArnLookup(this, 'LogKeyArn', {
        aliasArn: naming.logKeyAliasArn,
        logGroup: providerLogs.logGroup,
      }).keyArn,
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
  }
}

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { checkTrailProjection, regionDateProjection, TRAIL_TABLE_PARAMETERS } from './athena-trail-table';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_FORMAT } from './cloudtrail-columns';

export interface TrailTableProps {
  readonly databaseName: string;
  /** @default 'cloudtrail' */
  readonly tableName?: string;
  /** The trail bucket (log-archive account). */
  readonly bucketName: string;
  /** An organization trail writes every account under `AWSLogs/<organization ID>/<account>/`. */
  readonly organizationId: string;
  /** Regions whose logs the projection enumerates: every region the trail records. */
  readonly regions: readonly string[];
  /** How many days back the date projection reaches: as far back as the bucket keeps logs. */
  readonly retentionDays: number;
}

/**
 * A Glue database and a table over the organization trail's bucket, with
 * partition projection on account, region and date, so Athena answers SQL
 * over the trail in any organization, CloudTrail Lake or not, without a
 * crawler or `MSCK REPAIR`. Accounts are injected: a query names the
 * account(s) it reads (`WHERE account IN (...)`), which keeps each scan small
 * and needs no list of every account in the organization. Logs the bucket has
 * moved to Glacier are read once restored; until then Athena skips them.
 */
export class TrailTable extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: TrailTableProps) {
    super(scope, id);
    checkTrailProjection(props.regions, props.retentionDays);
    if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName)) {
      throw new Error(`databaseName must be lowercase letters, digits and underscores, got ${props.databaseName}`);
    }
    const catalogId = Stack.of(this).account;
    this.tableName = props.tableName ?? 'cloudtrail';
    const logs = `s3://${props.bucketName}/AWSLogs/${props.organizationId}`;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: {
        name: props.databaseName,
        description: 'Tables over the landing zone log archive, for Athena',
      },
    });
    this.database.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);

    this.table = new glue.CfnTable(this, 'Resource', {
      catalogId,
      databaseName: props.databaseName,
      tableInput: {
        name: this.tableName,
        description: 'Organization trail events in every account and region, partitioned by account, region and date',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          ...TRAIL_TABLE_PARAMETERS,
          'projection.account.type': 'injected',
          ...regionDateProjection(props.regions, props.retentionDays),
          'storage.location.template': `${logs}/\${account}/CloudTrail/\${region}/\${date}/`,
        },
        partitionKeys: [
          { name: 'account', type: 'string', comment: '12-digit account ID; every query must name it' },
          { name: 'region', type: 'string' },
          { name: 'date', type: 'string', comment: 'yyyy/MM/dd' },
        ],
        storageDescriptor: {
          location: `${logs}/`,
          inputFormat: CLOUDTRAIL_FORMAT.inputFormat,
          outputFormat: CLOUDTRAIL_FORMAT.outputFormat,
          serdeInfo: { serializationLibrary: CLOUDTRAIL_FORMAT.serializationLibrary },
          columns: CLOUDTRAIL_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
        },
      },
    });
    this.table.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    this.table.node.addDependency(this.database);
  }
}

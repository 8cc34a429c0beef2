/**
 * What every Athena table over the organization trail shares, whether it
 * spans the organization (the investigation account) or one account's own
 * prefix (a member's own-logs workgroup).
 */

/** Refuses a projection Athena could not answer from. */
export function checkTrailProjection(regions: readonly string[], retentionDays: number): void {
  if (regions.length === 0) throw new Error('regions must list at least one region, got none');
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(`retentionDays must be a whole number of days of at least 1, got ${retentionDays}`);
  }
}

/** The table parameters before the partition projections. */
export const TRAIL_TABLE_PARAMETERS = {
  EXTERNAL: 'TRUE',
  classification: 'cloudtrail',
  // The trail bucket moves logs to Glacier; Athena skips archived objects, but reads
  // those restored from it once this is set (engine version 3).
  read_restored_glacier_objects: 'true',
  'projection.enabled': 'true',
} as const;

/**
 * Region and date partitions projected over every region the trail records
 * and as many days back as the bucket keeps logs: no crawler, no `MSCK REPAIR`.
 */
export function regionDateProjection(regions: readonly string[], retentionDays: number): Record<string, string> {
  return {
    'projection.region.type': 'enum',
    'projection.region.values': regions.join(','),
    'projection.date.type': 'date',
    'projection.date.format': 'yyyy/MM/dd',
    'projection.date.range': `NOW-${retentionDays}DAYS,NOW`,
    'projection.date.interval': '1',
    'projection.date.interval.unit': 'DAYS',
  };
}

/** What running queries in one workgroup and reading their results takes. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:GetWorkGroup',
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetQueryResults',
  'athena:GetQueryRuntimeStatistics',
];

/** What Athena needs of the Glue Data Catalog to plan a query over a trail table. */
export const GLUE_TABLE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

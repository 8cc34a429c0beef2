/** What the estimate is asked about, from the command line, and the volumes it derives from it. */

export interface CostInputs {
  /** Active accounts the organization trail records, the management account included. */
  readonly accounts: number;
  /** Where the account count came from, for the report. */
  readonly accountsSource: string;
  /** Management events each account generates a month, reads and writes. @default 500,000 (an assumption) */
  readonly eventsPerAccount?: number;
  /** GB (uncompressed JSON) of management events the trail records per account a month. @default - from the events and the event size */
  readonly gbPerAccount?: number;
  /** Data events per account a month, when the trail logs S3 or Lambda data events. @default - not estimated */
  readonly dataEventsPerAccount?: number;
  /** GB per account a month of Security Lake's sources other than CloudTrail. @default - not estimated */
  readonly otherGbPerAccount?: number;
  /** Security Hub checks per account and region a month. @default - not estimated */
  readonly checksPerAccount?: number;
  /** AWS Config configuration items recorded per account and region a month. @default - not estimated */
  readonly configItemsPerAccount?: number;
  /** Other trails that record each account's management events too (Control Tower's, say). @default 0 */
  readonly otherTrails?: number;
}

/** Every figure the estimate assumes rather than reads from the config or the flags; the report prints them. */
export const ASSUMPTIONS = {
  eventsPerAccount: 500_000,
  /** Average size of one CloudTrail event as JSON, in KB (1 GB = 1,000,000 KB here). */
  eventSizeKb: 1.5,
  /** Share of management events that are writes; AWS's Insights cost example has 30,000 writes in 300,000 events. */
  writeShare: 0.1,
  /** gzip'd CloudTrail log files (and Security Lake's Parquet) against the raw JSON. */
  s3CompressionRatio: 0.1,
  /** CloudWatch Logs bills archived data compressed; the ratio its pricing examples use. */
  cloudWatchCompressionRatio: 0.15,
  /** CloudTrail delivers a log file about every five minutes per account and region, and a digest file every hour. */
  logFilesPerAccountRegion: 12 * 24 * 30,
  digestFilesPerAccountRegion: 24 * 30,
  /** S3 keeps 8 KB (S3 Standard) plus 32 KB (archive class) of index per object in Glacier or Deep Archive. */
  archiveOverheadKb: { standard: 8, archive: 32 },
} as const;

/** The monthly volumes every component is priced from. */
export interface Volumes {
  readonly accounts: number;
  /** Management events every account generates, all together, a month. */
  readonly eventsGenerated: number;
  /** Management events the trail records (all of them, or the writes only). */
  readonly eventsRecorded: number;
  readonly writeEvents: number;
  /** GB of recorded events as raw JSON. */
  readonly gbRecorded: number;
  /** GB of recorded events as gzip'd files in S3. */
  readonly gbCompressed: number;
  /** Log and digest files the trail delivers. */
  readonly objects: number;
}

export function volumes(inputs: CostInputs, managementEvents: 'all' | 'writeOnly', regionCount: number): Volumes {
  const { accounts } = inputs;
  const perAccount = inputs.eventsPerAccount ?? ASSUMPTIONS.eventsPerAccount;
  const eventsGenerated = accounts * perAccount;
  const writeEvents = eventsGenerated * ASSUMPTIONS.writeShare;
  const eventsRecorded = managementEvents === 'all' ? eventsGenerated : writeEvents;
  const gbRecorded =
    inputs.gbPerAccount !== undefined
      ? accounts * inputs.gbPerAccount
      : (eventsRecorded * ASSUMPTIONS.eventSizeKb) / 1_000_000;
  const filesPerAccountRegion = ASSUMPTIONS.logFilesPerAccountRegion + ASSUMPTIONS.digestFilesPerAccountRegion;
  return {
    accounts,
    eventsGenerated,
    eventsRecorded,
    writeEvents,
    gbRecorded,
    gbCompressed: gbRecorded * ASSUMPTIONS.s3CompressionRatio,
    objects: accounts * regionCount * filesPerAccountRegion,
  };
}

/**
 * Steady-state S3 storage of a bucket that receives the same volume every
 * month and moves it through a lifecycle: after a full cycle, each storage
 * class holds (days spent in it / days in a month) months of deliveries.
 */

export const DAYS_PER_MONTH = 365 / 12;

/** S3 storage classes the lifecycles of this landing zone use, by their lifecycle names. */
export type StorageClass =
  'STANDARD' | 'STANDARD_IA' | 'ONEZONE_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

/**
 * Minimum storage durations S3 bills whatever happens earlier (deletion or a
 * further transition), from the S3 pricing page's storage-class notes.
 */
export const MINIMUM_DAYS: Readonly<Record<StorageClass, number>> = {
  STANDARD: 0,
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

/** The price-table key of each class; Intelligent-Tiering is priced at its frequent tier (S3 Standard), an upper bound. */
export const STORAGE_PRICE_KEY: Readonly<Record<StorageClass, string>> = {
  STANDARD: 's3.standard',
  STANDARD_IA: 's3.standardIa',
  ONEZONE_IA: 's3.onezoneIa',
  INTELLIGENT_TIERING: 's3.standard',
  GLACIER_IR: 's3.glacierInstantRetrieval',
  GLACIER: 's3.glacierFlexibleRetrieval',
  DEEP_ARCHIVE: 's3.deepArchive',
};

export interface Lifecycle {
  /** Moves after delivery, in order: objects enter `storageClass` on day `days`. */
  readonly transitions: readonly { readonly storageClass: StorageClass; readonly days: number }[];
  /** Day the current version expires. @default - never: storage grows without end */
  readonly expireAfterDays?: number;
  /** Days an expired (now noncurrent) version stays in its last class. @default 0 */
  readonly noncurrentDays?: number;
}

/** Days each class holds an object, billed at least its minimum duration. */
export function billedDaysByClass(lifecycle: Lifecycle, horizonDays: number): Map<StorageClass, number> {
  const stages: { storageClass: StorageClass; from: number }[] = [
    { storageClass: 'STANDARD', from: 0 },
    ...lifecycle.transitions.map((t) => ({ storageClass: t.storageClass, from: t.days })),
  ];
  const end = (lifecycle.expireAfterDays ?? horizonDays) + (lifecycle.noncurrentDays ?? 0);
  const days = new Map<StorageClass, number>();
  stages.forEach((stage, i) => {
    const until = i + 1 < stages.length ? stages[i + 1].from : end;
    const held = Math.max(until - stage.from, MINIMUM_DAYS[stage.storageClass]);
    days.set(stage.storageClass, (days.get(stage.storageClass) ?? 0) + held);
  });
  return days;
}

/** GB-months held in each class at steady state for `gbPerMonth` delivered every month. */
export function steadyStateGbMonths(
  lifecycle: Lifecycle,
  gbPerMonth: number,
  horizonDays = 365,
): Map<StorageClass, number> {
  const months = new Map<StorageClass, number>();
  for (const [storageClass, days] of billedDaysByClass(lifecycle, horizonDays)) {
    months.set(storageClass, (gbPerMonth * days) / DAYS_PER_MONTH);
  }
  return months;
}

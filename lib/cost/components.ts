import type { LandingZoneConfig } from '../config/schema';
import { securityLakeRegions } from '../config/security-lake';
import { charge, priceIn, type PriceTable } from './prices';
import {
  billedDaysByClass,
  DAYS_PER_MONTH,
  STORAGE_PRICE_KEY,
  steadyStateGbMonths,
  type Lifecycle,
  type StorageClass,
} from './storage';
import { ASSUMPTIONS, type CostInputs, type Volumes } from './volume';

/** The landing zone's components, each priced from the monthly volumes. */

export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Prices a quantity, keeping a note when the table has no price (or only a stand-in) for the region. */
export class Pricer {
  readonly notes: string[] = [];
  constructor(private readonly table: PriceTable) {}

  cost(key: string, region: string, quantity: number): number | undefined {
    const price = priceIn(this.table, key, region);
    if (price.note && !this.notes.includes(price.note)) this.notes.push(price.note);
    return price.found ? charge(price.value, quantity) : undefined;
  }
}

export const sum = (parts: readonly (number | undefined)[]) =>
  parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((a, p) => a + p!, 0);

export interface Priced {
  readonly monthly: number | undefined;
  readonly basis: string;
}

function storageCost(lifecycle: Lifecycle, gbPerMonth: number, region: string, pricer: Pricer, horizon?: number) {
  const held = steadyStateGbMonths(lifecycle, gbPerMonth, horizon);
  const parts = [...held].map(([storageClass, gbMonths]) =>
    pricer.cost(STORAGE_PRICE_KEY[storageClass], region, gbMonths),
  );
  const basis = [...held].map(([c, gbMonths]) => `${fmt(gbMonths)} GB-mo ${c}`).join(', ');
  return { monthly: sum(parts), basis };
}

/**
 * S3's default for lifecycle rules since September 2024
 * (TransitionDefaultMinimumObjectSize `all_storage_classes_128K`, which the trail
 * bucket does not override): objects under 128 KB transition to no storage class.
 */
export const TRANSITION_MINIMUM_KB = 128;

/** Average size of a delivered log or digest file, gzip'd, in KB. */
export function averageObjectKb(v: Volumes): number {
  return v.objects > 0 ? (v.gbCompressed * 1_000_000) / v.objects : 0;
}

/** Whether the trail bucket's lifecycle moves the delivered files at all. */
export function trailFilesTransition(config: LandingZoneConfig, v: Volumes): boolean {
  return config.logArchive.trailBucket.lifecycle !== undefined && averageObjectKb(v) >= TRANSITION_MINIMUM_KB;
}

export function trailBucketStorage(config: LandingZoneConfig, v: Volumes, pricer: Pricer): Priced {
  const home = config.regions.home;
  const lc = config.logArchive.trailBucket.lifecycle;
  if (!lc) {
    // Vault mode: no lifecycle, so storage grows every month; priced after one year.
    const { monthly, basis } = storageCost({ transitions: [] }, v.gbCompressed, home, pricer);
    return {
      monthly,
      basis: `vault mode, no lifecycle: ${basis} after one year, growing ${fmt(v.gbCompressed)} GB a month`,
    };
  }
  const kept = `${fmt(v.gbCompressed)} GB gzip'd a month kept ${lc.expireAfterDays} days (+${lc.noncurrentExpireAfterDays} noncurrent)`;
  if (!trailFilesTransition(config, v)) {
    const { monthly, basis } = storageCost(
      { transitions: [], expireAfterDays: lc.expireAfterDays, noncurrentDays: lc.noncurrentExpireAfterDays },
      v.gbCompressed,
      home,
      pricer,
    );
    return {
      monthly,
      basis: `${kept}: ${basis}; files of ${fmt(averageObjectKb(v))} KB on average stay below S3's ${TRANSITION_MINIMUM_KB} KB transition minimum`,
    };
  }
  const lifecycle: Lifecycle = {
    transitions: [
      { storageClass: 'GLACIER', days: lc.glacierAfterDays },
      { storageClass: 'DEEP_ARCHIVE', days: lc.deepArchiveAfterDays },
    ],
    expireAfterDays: lc.expireAfterDays,
    noncurrentDays: lc.noncurrentExpireAfterDays,
  };
  const { monthly, basis } = storageCost(lifecycle, v.gbCompressed, home, pricer);
  // Every archived object also costs its index: 8 KB in S3 Standard, 32 KB in its archive class.
  const days = billedDaysByClass(lifecycle, 365);
  const overhead = (['GLACIER', 'DEEP_ARCHIVE'] as const).map((c: StorageClass) => {
    const objectMonths = (v.objects * (days.get(c) ?? 0)) / DAYS_PER_MONTH;
    return sum([
      pricer.cost(STORAGE_PRICE_KEY[c], home, (objectMonths * ASSUMPTIONS.archiveOverheadKb.archive) / 1_000_000),
      pricer.cost('s3.standard', home, (objectMonths * ASSUMPTIONS.archiveOverheadKb.standard) / 1_000_000),
    ]);
  });
  return { monthly: sum([monthly, ...overhead]), basis: `${kept}: ${basis}; plus 40 KB of index per archived file` };
}

export function trailBucketRequests(config: LandingZoneConfig, v: Volumes, pricer: Pricer): Priced {
  const home = config.regions.home;
  const thousands = v.objects / 1000;
  const moves = trailFilesTransition(config, v);
  const parts = [pricer.cost('s3.putRequests', home, thousands)];
  if (moves) {
    parts.push(pricer.cost('s3.transitionToGlacierFlexibleRetrieval', home, thousands));
    parts.push(pricer.cost('s3.transitionToDeepArchive', home, thousands));
  }
  return {
    monthly: sum(parts),
    basis: `${fmt(v.objects)} log and digest files delivered${moves ? ', each moved to Glacier and then to Deep Archive' : ''}`,
  };
}

export function cloudWatchLogsCopy(config: LandingZoneConfig, v: Volumes, pricer: Pricer): Priced {
  const home = config.regions.home;
  const days = config.management.trail.cloudWatchLogs.retentionDays;
  const stored = (v.gbRecorded * ASSUMPTIONS.cloudWatchCompressionRatio * days) / DAYS_PER_MONTH;
  return {
    monthly: sum([
      pricer.cost('cloudwatchLogs.ingestion', home, v.gbRecorded),
      pricer.cost('cloudwatchLogs.storage', home, stored),
    ]),
    basis: `${fmt(v.gbRecorded)} GB ingested; ${fmt(stored)} GB-mo stored (compressed) for ${days} days`,
  };
}

export function lakeCost(config: LandingZoneConfig, v: Volumes, pricer: Pricer): Priced {
  const home = config.regions.home;
  const { billingMode, retentionDays } = config.management.cloudTrailLake;
  if (billingMode === 'FIXED_RETENTION_PRICING') {
    return {
      monthly: pricer.cost('cloudtrailLake.fixedIngestion', home, v.gbRecorded),
      basis: `${fmt(v.gbRecorded)} GB ingested, seven-year pricing, ${retentionDays} days retention included`,
    };
  }
  const extendedGbMonths = (v.gbRecorded * Math.max(0, retentionDays - 366)) / DAYS_PER_MONTH;
  return {
    monthly: sum([
      pricer.cost('cloudtrailLake.extendableIngestion', home, v.gbRecorded),
      pricer.cost('cloudtrailLake.extendedRetention', home, extendedGbMonths),
    ]),
    basis: `${fmt(v.gbRecorded)} GB ingested, one-year extendable pricing; ${fmt(extendedGbMonths)} GB-mo retained past 366 days (of ${retentionDays})`,
  };
}

export function securityLakeCost(config: LandingZoneConfig, inputs: CostInputs, v: Volumes, pricer: Pricer) {
  const sl = config.securityLake;
  const governed = config.regions.governed;
  const lakes = securityLakeRegions(governed);
  const lifecycle: Lifecycle = {
    transitions: sl.lifecycle.transitions.map((t) => ({ storageClass: t.storageClass, days: t.days })),
    expireAfterDays: sl.lifecycle.expireAfterDays,
  };
  // Events are spread evenly over the governed regions; a region without a lake collects nothing.
  const perRegion = (gb: number) => gb / governed.length;
  const regional = (gb: number, ingestion: (region: string) => number | undefined) =>
    sum(
      lakes.map((r) =>
        sum([
          ingestion(r),
          pricer.cost('securityLake.normalization', r, gb),
          storageCost(lifecycle, gb * ASSUMPTIONS.s3CompressionRatio, r, pricer).monthly,
        ]),
      ),
    );
  const ctGb = perRegion(v.gbRecorded);
  const cloudTrail: Priced = {
    monthly: regional(ctGb, (r) => pricer.cost('securityLake.cloudTrailIngestion', r, ctGb)),
    basis: `${fmt(ctGb)} GB in each of ${lakes.length} lake regions (${lakes.join(', ')}): ingestion, normalization, S3 storage for ${sl.lifecycle.expireAfterDays} days`,
  };
  const otherGb = perRegion(v.accounts * (inputs.otherGbPerAccount ?? 0));
  const other: Priced = {
    monthly: regional(otherGb, (r) => pricer.cost('securityLake.otherIngestion', r, otherGb)),
    basis: `${fmt(otherGb)} GB in each lake region, tiered ingestion, normalization, S3 storage`,
  };
  return { cloudTrail, other, otherSources: Object.keys(sl.sources).filter((s) => s !== 'CLOUD_TRAIL_MGMT') };
}

/** Customer managed keys the landing zone creates. */
export function kmsKeyCount(config: LandingZoneConfig): number {
  // Log key, GuardDuty findings key, the trail's log-group key, the CIS alarm topic key.
  let keys = 4;
  if (config.management.cloudTrailLake.enabled) keys += 1;
  if (config.securityLake.enabled) keys += securityLakeRegions(config.regions.governed).length;
  if (config.alerts) keys += 1;
  return keys;
}

import type { LandingZoneConfig } from '../config/schema';
import {
  cloudWatchLogsCopy,
  averageObjectKb,
  fmt,
  kmsKeyCount,
  lakeCost,
  Pricer,
  securityLakeCost,
  sum,
  trailBucketRequests,
  trailBucketStorage,
  trailFilesTransition,
  TRANSITION_MINIMUM_KB,
} from './components';
import type { PriceTable } from './prices';
import { volumes, type CostInputs, type Volumes } from './volume';

/** One component of the landing zone and what it costs. */
export interface CostLine {
  readonly component: string;
  /** USD a month at steady state; undefined when a price or a volume is missing (see the notes). */
  readonly monthly: number | undefined;
  /** USD once. None of these services has a setup fee: always 0, shown so nobody has to wonder. */
  readonly oneOff: number;
  /** How the figure was reached. */
  readonly basis: string;
}

export interface Strategy {
  readonly name: string;
  readonly monthly: number | undefined;
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines. */
  readonly monthlyTotal: number;
  readonly strategies: readonly Strategy[];
  /** One line per duplicate paid copy of the same events in the config. */
  readonly warnings: readonly string[];
  /** Missing prices, stand-in prices, volumes not given. */
  readonly notes: readonly string[];
  readonly volumes: Volumes;
}

/** The monthly cost of every component the config turns on, for the volumes given. */
export function estimateCost(config: LandingZoneConfig, inputs: CostInputs, table: PriceTable): Estimate {
  const pricer = new Pricer(table);
  const notes: string[] = [];
  const home = config.regions.home;
  const governed = config.regions.governed;
  const { trail, cloudTrailLake } = config.management;
  const v = volumes(inputs, trail.managementEvents, governed.length);
  const lines: CostLine[] = [];
  const line = (component: string, monthly: number | undefined, basis: string) =>
    lines.push({ component, monthly, oneOff: 0, basis });
  const notGiven = (component: string, flag: string, why: string) => {
    line(component, undefined, `not estimated: ${why}`);
    notes.push(`${component}: pass ${flag} N to estimate it`);
  };

  line(
    'Organization trail (management events)',
    0,
    `first copy of ${fmt(v.eventsRecorded)} ${trail.managementEvents === 'all' ? '' : 'write '}events is free`,
  );
  const otherTrails = inputs.otherTrails ?? 0;
  if (otherTrails > 0) {
    line(
      'Management events, paid copies in other trails',
      pricer.cost('cloudtrail.paidManagementEvents', home, (otherTrails * v.eventsRecorded) / 100_000),
      `${otherTrails} more trail(s) x ${fmt(v.eventsRecorded)} events at the paid-copy rate`,
    );
  }
  if (trail.dataEvents.s3 !== 'none' || trail.dataEvents.lambda) {
    if (inputs.dataEventsPerAccount === undefined) {
      notGiven(
        'Trail data events',
        '--data-events-per-account',
        'the trail logs data events; their volume is not given',
      );
    } else {
      const events = v.accounts * inputs.dataEventsPerAccount;
      line('Trail data events', pricer.cost('cloudtrail.dataEvents', home, events / 100_000), `${fmt(events)} events`);
    }
  }
  if (trail.insights.length > 0) {
    const analyzed =
      (trail.insights.includes('ApiCallRateInsight') ? v.writeEvents : 0) +
      (trail.insights.includes('ApiErrorRateInsight') ? v.eventsRecorded : 0);
    line(
      'CloudTrail Insights',
      pricer.cost('cloudtrail.insightsAnalyzed', home, analyzed / 100_000),
      `${fmt(analyzed)} events analyzed (${trail.insights.join(', ')}; call rate reads writes only)`,
    );
  }

  const trailStorage = trailBucketStorage(config, v, pricer);
  line(`Trail bucket storage (S3, ${home})`, trailStorage.monthly, trailStorage.basis);
  const trailRequests = trailBucketRequests(config, v, pricer);
  line(`Trail bucket requests (S3, ${home})`, trailRequests.monthly, trailRequests.basis);
  const lc = config.logArchive.trailBucket.lifecycle;
  if (lc && !trailFilesTransition(config, v)) {
    notes.push(
      `the trail bucket's Glacier (${lc.glacierAfterDays} days) and Deep Archive (${lc.deepArchiveAfterDays} days) transitions move no log file: files of ${fmt(averageObjectKb(v))} KB on average are below S3's default ${TRANSITION_MINIMUM_KB} KB transition minimum, so they stay in S3 Standard until they expire`,
    );
  }

  const cwl = cloudWatchLogsCopy(config, v, pricer);
  line(`CloudWatch Logs copy (${home})`, cwl.monthly, cwl.basis);

  const lake = lakeCost(config, v, pricer);
  if (cloudTrailLake.enabled) line(`CloudTrail Lake (${home})`, lake.monthly, lake.basis);

  const securityLake = securityLakeCost(config, inputs, v, pricer);
  if (config.securityLake.enabled) {
    line('Security Lake, CloudTrail source', securityLake.cloudTrail.monthly, securityLake.cloudTrail.basis);
    if (securityLake.otherSources.length > 0) {
      if (inputs.otherGbPerAccount === undefined) {
        notGiven(
          'Security Lake, other sources',
          '--other-gb-per-account',
          `${securityLake.otherSources.join(', ')}: volume not given`,
        );
      } else {
        line('Security Lake, other sources', securityLake.other.monthly, securityLake.other.basis);
      }
    }
  }

  const gdRegionEvents = v.eventsGenerated / governed.length / 1_000_000;
  line(
    'GuardDuty, CloudTrail management event analysis',
    sum(governed.map((r) => pricer.cost('guardDuty.managementEvents', r, gdRegionEvents))),
    `${fmt(v.eventsGenerated)} events spread over ${governed.length} regions; protection plans (VPC flow, DNS, S3, EKS, runtime, malware, RDS, Lambda) not estimated`,
  );
  if (inputs.checksPerAccount === undefined) {
    notGiven('Security Hub CSPM checks', '--checks-per-account', 'checks per account and region not given');
  } else {
    const checks = inputs.checksPerAccount;
    // The tiers count per account and region.
    const perAccount = sum(governed.map((r) => pricer.cost('securityHub.checks', r, checks)));
    line(
      'Security Hub CSPM checks',
      perAccount === undefined ? undefined : v.accounts * perAccount,
      `${fmt(checks)} checks per account and region, ${v.accounts} accounts x ${governed.length} regions; finding ingestion not estimated`,
    );
  }
  if (inputs.configItemsPerAccount === undefined) {
    notGiven(
      'AWS Config recording',
      '--config-items-per-account',
      'configuration items per account and region not given',
    );
  } else {
    const items = v.accounts * inputs.configItemsPerAccount;
    line(
      'AWS Config recording',
      sum(governed.map((r) => pricer.cost('config.configurationItems', r, items))),
      `${fmt(items)} items per region x ${governed.length} regions; rule and conformance pack evaluations not estimated`,
    );
  }
  const keys = kmsKeyCount(config);
  line('KMS keys', pricer.cost('kms.key', home, keys), `${keys} customer managed keys; requests not estimated`);

  const strategies: Strategy[] = [
    { name: 'trail only', monthly: sum([trailStorage.monthly, trailRequests.monthly]) },
    { name: 'trail + CloudTrail Lake', monthly: sum([trailStorage.monthly, trailRequests.monthly, lake.monthly]) },
    {
      name: 'trail + Security Lake (CloudTrail source)',
      monthly: sum([trailStorage.monthly, trailRequests.monthly, securityLake.cloudTrail.monthly]),
    },
  ];
  return {
    lines,
    monthlyTotal: lines.reduce((a, l) => a + (l.monthly ?? 0), 0),
    strategies,
    warnings: duplicateCopies(config, inputs, {
      cwl: cwl.monthly,
      lake: lake.monthly,
      sl: securityLake.cloudTrail.monthly,
    }),
    notes: [...pricer.notes, ...notes],
    volumes: v,
  };
}

function duplicateCopies(
  config: LandingZoneConfig,
  inputs: CostInputs,
  monthly: { cwl?: number; lake?: number; sl?: number },
): string[] {
  const usd = (n: number | undefined) =>
    n === undefined
      ? 'unpriced'
      : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} a month`;
  const warnings = [
    `the CloudWatch Logs copy is a second, paid copy of every management event the trail already keeps in S3 (the CIS alarms read it): ${usd(monthly.cwl)}`,
  ];
  if (config.management.cloudTrailLake.enabled) {
    warnings.push(`CloudTrail Lake ingests another paid copy of the same management events: ${usd(monthly.lake)}`);
  }
  if (config.securityLake.enabled && 'CLOUD_TRAIL_MGMT' in config.securityLake.sources) {
    warnings.push(`Security Lake's CLOUD_TRAIL_MGMT source ingests another paid copy of them: ${usd(monthly.sl)}`);
  }
  if (
    config.securityLake.enabled &&
    'S3_DATA' in config.securityLake.sources &&
    config.management.trail.dataEvents.s3 !== 'none'
  ) {
    warnings.push(
      "Security Lake's S3_DATA source and the trail's S3 data events are two paid copies of the same data events",
    );
  }
  if ((inputs.otherTrails ?? 0) > 0) {
    warnings.push(
      `${inputs.otherTrails} other trail(s) record the same management events: every copy after the first is paid`,
    );
  }
  return warnings;
}

import { DAYS_PER_MONTH } from '../../lib/cost/storage';
import { estimateCost, type Estimate } from '../../lib/cost/estimate';
import { charge, PRICES, priceIn } from '../../lib/cost/prices';
import type { CostInputs } from '../../lib/cost/volume';
import { configWith, exampleConfig } from '../support/app';

const TEN_ACCOUNTS: CostInputs = { accounts: 10, accountsSource: 'test', gbPerAccount: 2 };
const monthly = (estimate: Estimate, component: string) =>
  estimate.lines.find((l) => l.component === component)?.monthly;

describe('the cost estimate', () => {
  const example = exampleConfig();

  test('prices the CloudWatch Logs copy from ingestion and compressed storage for its retention', () => {
    // GIVEN 10 accounts x 2 GB = 20 GB a month into eu-west-1 (ingestion $0.57/GB, storage $0.03/GB-month), 365 days kept
    const estimate = estimateCost(example, TEN_ACCOUNTS, PRICES);
    // THEN 20 x 0.57 + (20 x 0.15 compressed x 12 months) x 0.03
    expect(monthly(estimate, 'CloudWatch Logs copy (eu-west-1)')).toBeCloseTo(20 * 0.57 + 20 * 0.15 * 12 * 0.03, 6);
  });

  test('prices CloudTrail Lake by ingestion, and retention past the included 366 days', () => {
    expect(monthly(estimateCost(example, TEN_ACCOUNTS, PRICES), 'CloudTrail Lake (eu-west-1)')).toBeCloseTo(
      20 * 0.75,
      6,
    );
    const twoYears = configWith((raw) => {
      raw.management.cloudTrailLake.retentionDays = 731;
    });
    // 365 extra days: 20 GB x 12 GB-months held at $0.023
    expect(monthly(estimateCost(twoYears, TEN_ACCOUNTS, PRICES), 'CloudTrail Lake (eu-west-1)')).toBeCloseTo(
      20 * 0.75 + 20 * 12 * 0.023,
      6,
    );
    const fixed = configWith((raw) => {
      raw.management.cloudTrailLake.billingMode = 'FIXED_RETENTION_PRICING';
    });
    expect(monthly(estimateCost(fixed, TEN_ACCOUNTS, PRICES), 'CloudTrail Lake (eu-west-1)')).toBeCloseTo(20 * 2.5, 6);
  });

  test('keeps small log files in S3 Standard for their whole life: S3 transitions nothing under 128 KB', () => {
    // 2 GB x 0.1 gzip'd = 0.2 GB a month per account over 2 x 9,360 files: about 10.7 KB each
    const estimate = estimateCost(example, TEN_ACCOUNTS, PRICES);
    const gbMonths = (2 * (2557 + 30)) / DAYS_PER_MONTH; // 2 GB a month for 2,557 days plus 30 noncurrent
    expect(monthly(estimate, 'Trail bucket storage (S3, eu-west-1)')).toBeCloseTo(gbMonths * 0.023, 6);
    // Only the PUTs of 10 accounts x 2 regions x 9,360 files, at $0.005 per 1,000
    expect(monthly(estimate, 'Trail bucket requests (S3, eu-west-1)')).toBeCloseTo(187.2 * 0.005, 6);
    expect(estimate.notes.join('\n')).toMatch(
      /move no log file: files of 10\.68 KB on average are below S3's default 128 KB/,
    );
  });

  test('moves large log files through Glacier and Deep Archive, with their index overhead and transition requests', () => {
    // GIVEN one account writing 30 GB a month: 3 GB gzip'd over 18,720 files, 160 KB each
    const estimate = estimateCost(example, { accounts: 1, accountsSource: 'test', gbPerAccount: 30 }, PRICES);
    const months = (days: number) => days / DAYS_PER_MONTH;
    const files = 18_720;
    const storage =
      3 * months(90) * 0.023 + // S3 Standard until day 90
      3 * months(365 - 90) * 0.0036 + // Glacier Flexible Retrieval until day 365
      3 * months(2557 - 365 + 30) * 0.00099 + // Deep Archive until expiry, plus 30 noncurrent days
      files * months(365 - 90) * (32 * 0.0036 + 8 * 0.023) * 1e-6 + // index of each file while in Glacier
      files * months(2557 - 365 + 30) * (32 * 0.00099 + 8 * 0.023) * 1e-6; // and in Deep Archive
    expect(monthly(estimate, 'Trail bucket storage (S3, eu-west-1)')).toBeCloseTo(storage, 6);
    expect(monthly(estimate, 'Trail bucket requests (S3, eu-west-1)')).toBeCloseTo(18.72 * (0.005 + 0.03 + 0.05), 6);
  });

  test('the example with known volumes gives a known total', () => {
    // GIVEN 4 accounts x 500,000 events of 1.5 KB (3 GB a month), nothing else given
    const estimate = estimateCost(example, { accounts: 4, accountsSource: 'test' }, PRICES);
    const month = (days: number) => days / DAYS_PER_MONTH;
    const expected = {
      'Organization trail (management events)': 0,
      'Trail bucket storage (S3, eu-west-1)': 0.3 * month(2587) * 0.023,
      'Trail bucket requests (S3, eu-west-1)': 74.88 * 0.005,
      'CloudWatch Logs copy (eu-west-1)': 3 * 0.57 + 3 * 0.15 * 12 * 0.03,
      'CloudTrail Lake (eu-west-1)': 3 * 0.75,
      // 1.5 GB in each lake region: ingestion, normalization, then 0.15 GB a month through STANDARD_IA at 30 and GLACIER_IR at 90 days, expired at 365
      'Security Lake, CloudTrail source':
        1.5 * (0.75 + 0.035) +
        0.15 * (month(30) * 0.023 + month(60) * 0.0125 + month(275) * 0.004) +
        1.5 * (0.75 + 0.035) +
        0.15 * (month(30) * 0.0245 + month(60) * 0.0135 + month(275) * 0.005),
      'GuardDuty, CloudTrail management event analysis': 2 * 4.0,
      'KMS keys': 8,
    };
    for (const [component, usd] of Object.entries(expected)) expect(monthly(estimate, component)).toBeCloseTo(usd, 6);
    expect(estimate.monthlyTotal).toBeCloseTo(
      Object.values(expected).reduce((a, b) => a + b, 0),
      6,
    );
    expect(estimate.strategies.map((s) => s.name)).toEqual([
      'trail only',
      'trail + CloudTrail Lake',
      'trail + Security Lake (CloudTrail source)',
    ]);
    const trailOnly =
      expected['Trail bucket storage (S3, eu-west-1)'] + expected['Trail bucket requests (S3, eu-west-1)'];
    expect(estimate.strategies[0].monthly).toBeCloseTo(trailOnly, 6);
    expect(estimate.strategies[1].monthly).toBeCloseTo(trailOnly + expected['CloudTrail Lake (eu-west-1)'], 6);
    expect(estimate.strategies[2].monthly).toBeCloseTo(trailOnly + expected['Security Lake, CloudTrail source'], 6);
  });

  test('warns once for every duplicate paid copy of the management events in the example', () => {
    const { warnings } = estimateCost(example, TEN_ACCOUNTS, PRICES);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^the CloudWatch Logs copy is a second, paid copy .*: \$12\.48 a month$/);
    expect(warnings[1]).toMatch(/^CloudTrail Lake ingests another paid copy .*: \$15\.00 a month$/);
    expect(warnings[2]).toMatch(/^Security Lake's CLOUD_TRAIL_MGMT source ingests another paid copy/);
  });

  test('turning CloudTrail Lake off removes its line, its warning and its key, and nothing else', () => {
    const before = estimateCost(example, TEN_ACCOUNTS, PRICES);
    const after = estimateCost(
      configWith((raw) => {
        raw.management.cloudTrailLake.enabled = false;
      }),
      TEN_ACCOUNTS,
      PRICES,
    );
    const lake = 'CloudTrail Lake (eu-west-1)';
    expect(after.lines.map((l) => l.component)).toEqual(before.lines.map((l) => l.component).filter((c) => c !== lake));
    expect(after.warnings).toEqual(before.warnings.filter((w) => !w.startsWith('CloudTrail Lake')));
    expect(monthly(after, 'KMS keys')).toBe(monthly(before, 'KMS keys')! - 1);
    expect(after.monthlyTotal).toBeCloseTo(before.monthlyTotal - monthly(before, lake)! - 1, 6);
  });

  test('turning Security Lake off removes its lines and warning; Insights and other trails add theirs', () => {
    const changed = estimateCost(
      configWith((raw) => {
        raw.securityLake.enabled = false;
        raw.management.trail.insights = ['ApiCallRateInsight', 'ApiErrorRateInsight'];
      }),
      { ...TEN_ACCOUNTS, eventsPerAccount: 1_000_000, otherTrails: 1 },
      PRICES,
    );
    const components = changed.lines.map((l) => l.component);
    expect(components.filter((c) => c.startsWith('Security Lake'))).toEqual([]);
    // 10 M events recorded, 1 M of them writes: call rate analyses writes, error rate all of them
    expect(monthly(changed, 'CloudTrail Insights')).toBeCloseTo(((1_000_000 + 10_000_000) / 100_000) * 0.35, 6);
    expect(monthly(changed, 'Management events, paid copies in other trails')).toBeCloseTo(100 * 2, 6);
    expect(changed.warnings.map((w) => w.split(' ')[0])).toEqual(['the', 'CloudTrail', '1']);
  });

  test('a write-only trail records, and so stores, only the write events', () => {
    const writeOnly = configWith((raw) => {
      raw.management.trail.managementEvents = 'writeOnly';
    });
    const estimate = estimateCost(
      writeOnly,
      { accounts: 10, accountsSource: 'test', eventsPerAccount: 1_000_000 },
      PRICES,
    );
    expect(estimate.volumes.eventsRecorded).toBe(1_000_000);
    expect(estimate.volumes.gbRecorded).toBeCloseTo(1.5, 9);
  });

  test('a region without a price leaves its line out of the total, with a note naming the region', () => {
    const saoPaulo = configWith((raw) => {
      raw.regions = { home: 'sa-east-1', governed: ['sa-east-1'] };
    });
    const estimate = estimateCost(saoPaulo, TEN_ACCOUNTS, PRICES);
    expect(monthly(estimate, 'CloudWatch Logs copy (sa-east-1)')).toBeUndefined();
    expect(estimate.notes).toContain(
      'cloudwatchLogs.ingestion: no sa-east-1 price in lib/cost/prices.json (retrieved 2026-12-01); left out of the total',
    );
    // CloudTrail's single figure applies everywhere; GuardDuty's us-east-1 figure stands in, and says so
    expect(monthly(estimate, 'CloudTrail Lake (sa-east-1)')).toBeCloseTo(15, 6);
    expect(estimate.notes).toContain(
      'guardDuty.managementEvents: no sa-east-1 price in the table, the us-east-1 figure stands in',
    );
  });

  test('volumes a flag does not give are not guessed: the line says what to pass', () => {
    const estimate = estimateCost(example, TEN_ACCOUNTS, PRICES);
    expect(estimate.lines.find((l) => l.component === 'Security Hub CSPM checks')).toMatchObject({
      monthly: undefined,
      basis: 'not estimated: checks per account and region not given',
    });
    const given = estimateCost(
      example,
      { ...TEN_ACCOUNTS, checksPerAccount: 150_000, configItemsPerAccount: 1000 },
      PRICES,
    );
    // Per account and region: 100,000 at $0.001 and 50,000 at $0.0008, for 10 accounts in 2 regions
    expect(monthly(given, 'Security Hub CSPM checks')).toBeCloseTo(20 * (100 + 40), 6);
    expect(monthly(given, 'AWS Config recording')).toBeCloseTo(2 * 10_000 * 0.003, 6);
  });
});

describe('prices', () => {
  test('tiers charge each band at its own rate', () => {
    const bands = [{ upTo: 10, usd: 1 }, { upTo: 30, usd: 0.5 }, { usd: 0.1 }];
    expect(charge(bands, 5)).toBe(5);
    expect(charge(bands, 30)).toBe(10 + 10);
    expect(charge(bands, 40)).toBeCloseTo(10 + 10 + 1, 9);
    expect(charge(0.25, 8)).toBe(2);
  });

  test('every price names its AWS pricing page and what it was checked against, in one dated table', () => {
    expect(PRICES.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, entry] of Object.entries(PRICES.prices)) {
      expect([key, entry.source]).toEqual([
        key,
        expect.stringMatching(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/),
      ]);
      expect(entry.checked.length).toBeGreaterThan(10);
      if (!('*' in entry.regions)) {
        // At least the example's regions and us-east-1, where the prices differ
        for (const region of ['us-east-1', ...(entry.standIn ? [] : ['eu-west-1', 'eu-central-1'])]) {
          expect([key, priceIn(PRICES, key, region).found]).toEqual([key, true]);
        }
      }
    }
  });
});

import type { Estimate } from './estimate';
import { unconfirmedPrices, type PriceTable } from './prices';
import { ASSUMPTIONS, type CostInputs } from './volume';

const usd = (n: number | undefined) =>
  n === undefined ? 'n/a' : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 3 });

export interface RenderContext {
  readonly configPath: string;
  readonly inputs: CostInputs;
  readonly table: PriceTable;
}

/** The estimate as the report `npm run cost` prints. */
export function renderEstimate(estimate: Estimate, context: RenderContext): string {
  const { inputs, table } = context;
  const v = estimate.volumes;
  const unconfirmed = unconfirmedPrices(table);
  const width = Math.max(...estimate.lines.map((l) => l.component.length), 'COMPONENT'.length);
  const row = (a: string, b: string, c: string) => `${a.padEnd(width)}  ${b.padStart(12)}  ${c.padStart(8)}`;
  const out = [
    `Landing zone cost estimate for ${context.configPath}`,
    `Prices: lib/cost/prices.json, retrieved ${table.retrieved} (${table.currency}, on-demand list prices); ${unconfirmed.length} of ${Object.keys(table.prices).length} not confirmed against their pricing pages (docs/cost.md)`,
    `Volume: ${count(v.accounts)} accounts (${inputs.accountsSource}), ${count(v.eventsRecorded)} management events recorded and ${count(v.gbRecorded)} GB a month in all`,
    '',
    row('COMPONENT', 'MONTHLY', 'ONE-OFF'),
    row('-'.repeat(width), '-'.repeat(12), '-'.repeat(8)),
  ];
  for (const line of estimate.lines) {
    out.push(row(line.component, usd(line.monthly), usd(line.oneOff)), `    ${line.basis}`);
  }
  out.push(row('-'.repeat(width), '-'.repeat(12), '-'.repeat(8)));
  out.push(row('Total of the priced lines', usd(estimate.monthlyTotal), usd(0)));
  out.push(
    '',
    'The three logging strategies for the same volume (trail bucket storage and requests, plus the second store):',
  );
  const nameWidth = Math.max(...estimate.strategies.map((s) => s.name.length));
  for (const s of estimate.strategies) out.push(`  ${s.name.padEnd(nameWidth)}  ${usd(s.monthly).padStart(12)}`);
  out.push('', 'Assumptions:');
  out.push(...assumptions(inputs).map((a) => `  - ${a}`));
  if (estimate.warnings.length > 0) {
    out.push('', 'Duplicate paid copies in this config:');
    out.push(...estimate.warnings.map((w) => `warning: ${w}`));
  }
  if (estimate.notes.length > 0) {
    out.push('', 'Notes:');
    out.push(...estimate.notes.map((n) => `  - ${n}`));
  }
  return out.join('\n');
}

function assumptions(inputs: CostInputs): string[] {
  const events = inputs.eventsPerAccount ?? ASSUMPTIONS.eventsPerAccount;
  return [
    `${count(events)} management events per account a month${inputs.eventsPerAccount === undefined ? ' (assumed; --events-per-account)' : ''}, ${ASSUMPTIONS.writeShare * 100}% of them writes`,
    inputs.gbPerAccount === undefined
      ? `${ASSUMPTIONS.eventSizeKb} KB per event as JSON (--gb-per-account overrides); 1 GB = 1,000,000 KB`
      : `${count(inputs.gbPerAccount)} GB of recorded events per account a month (--gb-per-account)`,
    `events spread evenly over the governed regions; each account and region delivers ${ASSUMPTIONS.logFilesPerAccountRegion} log files and ${ASSUMPTIONS.digestFilesPerAccountRegion} digest files a month`,
    `S3 holds the logs gzip'd at ${ASSUMPTIONS.s3CompressionRatio} of their size, CloudWatch Logs archives at ${ASSUMPTIONS.cloudWatchCompressionRatio}`,
    'storage is the steady state once the lifecycle has run a full cycle; S3 bills Glacier 90 days and Deep Archive 180 days at least',
    `${inputs.otherTrails ?? 0} other trail(s) record management events (--other-trails)`,
    'not included: KMS and S3 GET requests, Athena and Lake queries, data transfer, free tiers and trials',
  ];
}

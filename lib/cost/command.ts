import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config/loader';
import type { LandingZoneConfig } from '../config/schema';
import { estimateCost } from './estimate';
import { PRICES, type PriceTable } from './prices';
import { renderEstimate } from './render';
import type { CostInputs } from './volume';

export const COST_USAGE = `Usage: npm run cost -- [options]

Estimates what the configured landing zone costs a month, per component.

  --config PATH                   the config (default: LANDING_ZONE_CONFIG, then the example)
  --accounts N                    accounts in the organization (default: the accounts the config names)
  --accounts-from FILE            read the active account count from a saved \`npm run discover\` summary
  --events-per-account N          management events per account a month (default: 500,000)
  --gb-per-account N              GB of recorded management events per account a month
  --data-events-per-account N     data events per account a month (when the trail logs them)
  --other-gb-per-account N        GB per account a month of Security Lake's other sources
  --checks-per-account N          Security Hub checks per account and region a month
  --config-items-per-account N    AWS Config items recorded per account and region a month
  --other-trails N                other trails recording management events too (Control Tower's, say)
  -h, --help                      show this help`;

/** A mistake on the command line or in a file it names: one line, exit code 2. */
export class CostUsageError extends Error {
  override readonly name = 'CostUsageError';
}

export interface CostIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export interface CostCommandOptions {
  /** The config used without --config (the CLI passes LANDING_ZONE_CONFIG or the example). */
  readonly defaultConfigPath: string;
  /** @default - lib/cost/prices.json */
  readonly prices?: PriceTable;
}

const NUMBER_FLAGS = {
  accounts: { integer: true, min: 1 },
  'events-per-account': { integer: true, min: 0 },
  'gb-per-account': { integer: false, min: 0 },
  'data-events-per-account': { integer: true, min: 0 },
  'other-gb-per-account': { integer: false, min: 0 },
  'checks-per-account': { integer: true, min: 0 },
  'config-items-per-account': { integer: true, min: 0 },
  'other-trails': { integer: true, min: 0 },
} as const;
type NumberFlag = keyof typeof NUMBER_FLAGS;

/** Runs `npm run cost`; returns the exit code (0, or 2 for bad input). */
export function runCost(argv: readonly string[], io: CostIo, options: CostCommandOptions): number {
  try {
    const values = parseFlags(argv);
    if (values.help) {
      io.out(COST_USAGE);
      return 0;
    }
    const number = (flag: NumberFlag) => numberFlag(flag, values[flag]);
    const flags = Object.fromEntries(Object.keys(NUMBER_FLAGS).map((f) => [f, number(f as NumberFlag)])) as Record<
      NumberFlag,
      number | undefined
    >;
    if (values.accounts !== undefined && values['accounts-from'] !== undefined) {
      throw new CostUsageError('pass --accounts or --accounts-from, not both');
    }
    const configPath = values.config ?? options.defaultConfigPath;
    const config = readConfig(configPath, io);
    const fromFile = values['accounts-from'];
    const fromDiscover = fromFile === undefined ? undefined : accountsFromDiscover(fromFile, io);
    const inputs: CostInputs = {
      accounts: flags.accounts ?? fromDiscover ?? namedAccounts(config),
      accountsSource:
        flags.accounts !== undefined
          ? '--accounts'
          : fromFile !== undefined
            ? `active accounts in ${fromFile}`
            : 'the accounts the config names; --accounts N for the organization',
      eventsPerAccount: flags['events-per-account'],
      gbPerAccount: flags['gb-per-account'],
      dataEventsPerAccount: flags['data-events-per-account'],
      otherGbPerAccount: flags['other-gb-per-account'],
      checksPerAccount: flags['checks-per-account'],
      configItemsPerAccount: flags['config-items-per-account'],
      otherTrails: flags['other-trails'],
    };
    const prices = options.prices ?? PRICES;
    io.out(renderEstimate(estimateCost(config, inputs, prices), { configPath, inputs, table: prices }));
    return 0;
  } catch (error) {
    if (error instanceof CostUsageError || error instanceof ConfigError) {
      io.err(`cost: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function parseFlags(argv: readonly string[]) {
  const numeric = Object.fromEntries(Object.keys(NUMBER_FLAGS).map((flag) => [flag, { type: 'string' as const }]));
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        ...numeric,
        config: { type: 'string' },
        'accounts-from': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values as Partial<Record<NumberFlag | 'config' | 'accounts-from', string>> & { help?: boolean };
  } catch (error) {
    throw new CostUsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

/** `--accounts -3` would read as two flags; joined (`--accounts=-3`) it reaches the number check and its message. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].replace(/^--/, '');
    if (flag in NUMBER_FLAGS && /^-[\d.]/.test(argv[i + 1] ?? '')) args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }
  return args;
}

function numberFlag(flag: NumberFlag, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const { integer, min } = NUMBER_FLAGS[flag];
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n)) && n >= min;
  if (!ok) {
    throw new CostUsageError(
      `--${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function readConfig(path: string, io: CostIo): LandingZoneConfig {
  let text: string;
  try {
    text = io.readFile(path);
  } catch {
    throw new CostUsageError(`--config: cannot read ${path}`);
  }
  return parseConfig(text, path);
}

/**
 * `npm run discover` prints a summary line such as `1 root, 5 OUs, 8 accounts
 * (7 active, 1 suspended)` to stderr; saved to a file (`2> discover.txt`), its
 * active count is the number of accounts the trail records.
 */
export function accountsFromDiscover(path: string, io: CostIo): number {
  let text: string;
  try {
    text = io.readFile(path);
  } catch {
    throw new CostUsageError(`--accounts-from: cannot read ${path}`);
  }
  const summary = /\b\d+ accounts \(([^)]*)\)/.exec(text);
  const active = summary && /(\d+) active/.exec(summary[1]);
  if (!active || Number(active[1]) < 1) {
    throw new CostUsageError(
      `--accounts-from: ${path} has no "N accounts (M active ...)" line from npm run discover (save its stderr: 2> ${path})`,
    );
  }
  return Number(active[1]);
}

/** The distinct accounts the config names: the three of the landing zone and its member accounts. */
function namedAccounts(config: LandingZoneConfig): number {
  return new Set([...Object.values(config.accounts), ...Object.values(config.organization.memberAccounts)]).size;
}

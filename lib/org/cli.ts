import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../config/loader';
import { AwsCaller } from './call';
import { createAwsClients, type AwsClientOptions, type AwsClients } from './client';
import { EXIT, reportFailure, UsageError, type CommandIo } from './command-io';
import { runDiscover } from './discover-command';
import { runPreflight } from './preflight-command';
import { Deadline } from './retry';
import { retryNotice } from './retry-notice';
import { DEFAULT_TIMEOUTS } from './timeouts';

/** The whole run's limit unless --deadline says otherwise: a walk of thousands of accounts fits, a hang does not. */
export const DEFAULT_DEADLINE_SECONDS = 600;

/** What the CLIs need from the outside world; the scripts pass the real process, tests their own. */
export interface CliContext {
  readonly io: CommandIo;
  readonly env: NodeJS.ProcessEnv;
  /** @default createAwsClients */
  readonly makeClients?: (options: AwsClientOptions) => AwsClients;
}

const COMMON_USAGE = `  --profile NAME              an AWS profile (default: AWS_PROFILE, then the default profile)
  --timeout SECONDS           give up on one request after this long (default: ${DEFAULT_TIMEOUTS.requestMs / 1000}; retried once)
  --deadline SECONDS          give up on the whole run after this long (default: ${DEFAULT_DEADLINE_SECONDS})
  -h, --help                  show this help`;

export const DISCOVER_USAGE = `Usage: npm run discover -- [options]

Writes a starter config for the organization of your AWS credentials, or with
--config compares an existing config with it. Exit code 0: done; 2: it could not run.

  --out PATH                  write the starter config here (default: standard output)
  --config PATH               compare this config with the organization instead
  --log-archive-account ID    the log-archive account, when its name or tag does not say
  --audit-account ID          the audit account, when its name or tag does not say
  --home-region REGION        the landing zone's home region (default: your AWS region)
  --governed-regions R1,R2    the regions to govern (default: the home region)
${COMMON_USAGE}`;

export const PREFLIGHT_USAGE = `Usage: npm run preflight -- [options]

Checks a landing-zone config against the organization of your AWS credentials
(use the management account's) and prints each check with its fix.
Exit code 0: every check ran and nothing blocks a deploy; 1: a check failed;
2: a check (or the whole run) could not run.

  --config PATH               the config to check (default: LANDING_ZONE_CONFIG, then ${DEFAULT_CONFIG_PATH})
${COMMON_USAGE}`;

const COMMON_OPTIONS = {
  profile: { type: 'string' },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function discoverCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { io } = context;
  try {
    const values = parse(argv, {
      ...COMMON_OPTIONS,
      out: { type: 'string' },
      config: { type: 'string' },
      'log-archive-account': { type: 'string' },
      'audit-account': { type: 'string' },
      'home-region': { type: 'string' },
      'governed-regions': { type: 'string' },
    });
    if (values.help) {
      io.out(DISCOVER_USAGE);
      return EXIT.ok;
    }
    const options = {
      configPath: values.config,
      outPath: values.out,
      logArchiveAccount: accountFlag('--log-archive-account', values['log-archive-account']),
      auditAccount: accountFlag('--audit-account', values['audit-account']),
      homeRegion: values['home-region'],
      governedRegions: regionsFlag(values['governed-regions']),
    };
    return await withAws(values, context, (clients, aws) =>
      runDiscover(options, {
        organizations: clients.organizations,
        aws,
        defaultRegion: () => clients.organizations.config.region().catch(() => undefined),
        io,
      }),
    );
  } catch (error) {
    return reportFailure('discover', error, io);
  }
}

export async function preflightCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { io, env } = context;
  try {
    const values = parse(argv, { ...COMMON_OPTIONS, config: { type: 'string' } });
    if (values.help) {
      io.out(PREFLIGHT_USAGE);
      return EXIT.ok;
    }
    // Every npm script reads LANDING_ZONE_CONFIG, as `cdk` does (bin/landing-zone.ts).
    const source = values.config
      ? { path: values.config }
      : env.LANDING_ZONE_CONFIG
        ? { path: env.LANDING_ZONE_CONFIG, from: 'from LANDING_ZONE_CONFIG' }
        : { path: DEFAULT_CONFIG_PATH, from: 'the default' };
    return await withAws(values, context, (clients, aws) => runPreflight(source, { clients, aws, io }));
  } catch (error) {
    return reportFailure('preflight', error, io);
  }
}

/** Builds the clients and the caller from the common flags, runs `body`, and always closes the clients. */
async function withAws(
  values: { profile?: string; timeout?: string; deadline?: string },
  context: CliContext,
  body: (clients: AwsClients, aws: AwsCaller) => Promise<number>,
): Promise<number> {
  const requestSeconds = secondsFlag('--timeout', values.timeout, DEFAULT_TIMEOUTS.requestMs / 1000);
  const deadlineSeconds = secondsFlag('--deadline', values.deadline, DEFAULT_DEADLINE_SECONDS);
  if (values.profile !== undefined) checkProfile(values.profile, context.env);
  const requestMs = Math.round(requestSeconds * 1000);
  const clients = (context.makeClients ?? createAwsClients)({
    profile: values.profile,
    timeouts: { requestMs, connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, requestMs) },
  });
  try {
    const aws = new AwsCaller({ onRetry: retryNotice(context.io), deadline: new Deadline(deadlineSeconds) });
    return await body(clients, aws);
  } finally {
    clients.destroy();
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: false }).values as {
      [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
    };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

function accountFlag(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{12}$/.test(value)) {
    throw new UsageError(`${flag} must be a 12-digit account ID, got ${value}`);
  }
  return value;
}

function regionsFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) throw new UsageError('--governed-regions must list at least one region, got nothing');
  return regions;
}

function secondsFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(`${flag} must be a number of seconds above 0, got ${value}`);
  }
  return seconds;
}

/**
 * The SDK says only "Could not load credentials from any providers" for a
 * profile that is nowhere: look in the files it reads (AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE, or ~/.aws) before any request.
 */
export function checkProfile(name: string, env: NodeJS.ProcessEnv): void {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  const configFile = env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  const sections = (file: string, prefixed: boolean) => {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const header = prefixed ? /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/gm : /^\s*\[\s*([^\]]+?)\s*\]/gm;
    return [...text.matchAll(header)].map((m) => m[1]);
  };
  if ([...sections(configFile, true), ...sections(credentialsFile, false)].includes(name)) return;
  throw new UsageError(
    `profile ${name} (--profile) does not exist in ${configFile} or ${credentialsFile}; \`aws configure list-profiles\` lists the profiles there`,
  );
}

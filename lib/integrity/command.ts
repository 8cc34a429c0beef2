import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config/loader';
import { Naming } from '../naming';
import {
  verifyDigestChain,
  type ChainReport,
  type ChainScope,
  type ObjectStore,
  type PublicKeys,
} from './digest-chain';

export const VALIDATE_LOGS_USAGE = `Usage: npm run validate-logs -- --account ID --region R --start ISO [--end ISO] [--config PATH] [--profile NAME]

Verifies the organization trail's digest chain for one member account and region: every digest's
signature, every log file's hash, and every link to the previous digest. Needs s3:ListBucket and
s3:GetObject on the trail bucket (and kms:Decrypt through S3), and cloudtrail:ListPublicKeys.`;

export class ValidateUsageError extends Error {
  override readonly name = 'ValidateUsageError';
}

export interface ValidateIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export interface ValidateDeps {
  /** Makes the store and key source for the bucket's and the verified region's clients. */
  connect(options: { bucketRegion: string; region: string; profile?: string }): {
    store: ObjectStore;
    publicKeys(start: Date, end: Date): Promise<PublicKeys>;
    close(): void;
  };
  /** @default - now */
  now?(): Date;
}

/** Exit codes: 0 every file valid, 1 something invalid or missing, 2 the check could not run. */
export async function runValidateLogs(
  argv: readonly string[],
  io: ValidateIo,
  deps: ValidateDeps,
  defaultConfigPath: string,
): Promise<number> {
  let scope: ChainScope;
  let profile: string | undefined;
  try {
    const parsed = parseFlags(argv);
    if (parsed.help) {
      io.out(VALIDATE_LOGS_USAGE);
      return 0;
    }
    profile = parsed.profile;
    scope = resolveScope(parsed, io, defaultConfigPath, deps.now?.() ?? new Date());
  } catch (error) {
    if (error instanceof ValidateUsageError || error instanceof ConfigError) {
      io.err(`validate-logs: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const connection = deps.connect({ bucketRegion: scope.trailHomeRegion, region: scope.region, profile });
  try {
    const keys = await connection.publicKeys(scope.start, scope.end);
    const report = await verifyDigestChain(scope, connection.store, keys);
    io.out(renderReport(scope, report));
    return report.valid ? 0 : 1;
  } catch (error) {
    const e = error as Error & { $metadata?: unknown };
    io.err(`validate-logs: could not read the digests: ${e.name}: ${e.message.split('\n')[0]}`);
    return 2;
  } finally {
    connection.close();
  }
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      options: {
        account: { type: 'string' },
        region: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        config: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new ValidateUsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

function resolveScope(
  flags: ReturnType<typeof parseFlags>,
  io: ValidateIo,
  defaultConfigPath: string,
  now: Date,
): ChainScope {
  if (!flags.account || !/^\d{12}$/.test(flags.account)) {
    throw new ValidateUsageError(`--account must be a 12-digit account ID, got ${JSON.stringify(flags.account ?? '')}`);
  }
  if (!flags.region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(flags.region)) {
    throw new ValidateUsageError(
      `--region must be an AWS region such as eu-west-1, got ${JSON.stringify(flags.region ?? '')}`,
    );
  }
  const start = isoFlag('--start', flags.start, true)!;
  const end = isoFlag('--end', flags.end, false) ?? now;
  if (start.getTime() >= end.getTime()) throw new ValidateUsageError('--start must be before --end');
  const path = flags.config ?? defaultConfigPath;
  let text: string;
  try {
    text = io.readFile(path);
  } catch {
    throw new ValidateUsageError(`--config: cannot read ${path}`);
  }
  const naming = new Naming(parseConfig(text, path));
  return {
    bucket: naming.trailBucketName,
    organizationId: naming.organizationId,
    account: flags.account,
    region: flags.region,
    trailName: naming.trailName,
    trailHomeRegion: naming.homeRegion,
    start,
    end,
  };
}

function isoFlag(flag: string, value: string | undefined, required: boolean): Date | undefined {
  if (value === undefined) {
    if (required) throw new ValidateUsageError(`${flag} is required: an ISO 8601 time such as 2026-11-01T00:00:00Z`);
    return undefined;
  }
  const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)
    ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value)
    : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new ValidateUsageError(
      `${flag} must be an ISO 8601 time such as 2026-11-01T00:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return date;
}

export function renderReport(scope: ChainScope, report: ChainReport): string {
  const lines = [
    `Validating the digests of account ${scope.account} in ${scope.region} (trail ${scope.trailName}, s3://${scope.bucket}) between ${scope.start.toISOString()} and ${scope.end.toISOString()}`,
    '',
    ...report.results.map((r) => `${r.kind}\t${r.uri}\t${r.status}${r.reason ? `: ${r.reason}` : ''}`),
    ...report.notes.map((n) => `note: ${n}`),
    '',
  ];
  for (const kind of ['Digest file', 'Log file'] as const) {
    const all = report.results.filter((r) => r.kind === kind);
    const invalid = all.filter((r) => r.status === 'INVALID').length;
    lines.push(
      `${all.length - invalid}/${all.length} ${kind.toLowerCase()}s valid${invalid ? `, ${invalid} INVALID` : ''}`,
    );
  }
  lines.push(report.valid ? 'Result: VALID' : 'Result: INVALID');
  return lines.join('\n');
}

/**
 * npm run discover -- [--out PATH | --config PATH] [flags]
 *
 * Reads the live organization and writes a starter config, or compares an
 * existing config with it. All logic lives in lib/org; this file only wires.
 */
import { parseArgs } from 'node:util';
import { AwsCaller } from '../lib/org/call';
import { createAwsClients } from '../lib/org/client';
import { processIo, reportFailure, UsageError } from '../lib/org/command-io';
import { runDiscover } from '../lib/org/discover-command';
import { throttleNotice } from '../lib/org/retry-notice';

const USAGE = `Usage: npm run discover -- [options]

Writes a starter config for the organization of your AWS credentials, or with
--config compares an existing config with it.

  --out PATH                  write the starter config here (default: standard output)
  --config PATH               compare this config with the organization instead
  --log-archive-account ID    the log-archive account, when its name or tag does not say
  --audit-account ID          the audit account, when its name or tag does not say
  --home-region REGION        the landing zone's home region (default: your AWS region)
  --governed-regions R1,R2    the regions to govern (default: the home region)
  --profile NAME              an AWS profile (default: AWS_PROFILE, then the default profile)
  -h, --help                  show this help`;

async function main(argv: string[]): Promise<number> {
  const io = processIo;
  let flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    return reportFailure('discover', error, io);
  }
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  const clients = createAwsClients({ profile: flags.profile });
  try {
    return await runDiscover(flags, {
      organizations: clients.organizations,
      aws: new AwsCaller({ onRetry: throttleNotice(io) }),
      defaultRegion: () => clients.organizations.config.region().catch(() => undefined),
      io,
    });
  } catch (error) {
    return reportFailure('discover', error, io);
  } finally {
    clients.destroy();
  }
}

function parseFlags(argv: string[]) {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        config: { type: 'string' },
        'log-archive-account': { type: 'string' },
        'audit-account': { type: 'string' },
        'home-region': { type: 'string' },
        'governed-regions': { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  return {
    help: values.help,
    profile: values.profile,
    configPath: values.config,
    outPath: values.out,
    logArchiveAccount: accountFlag('--log-archive-account', values['log-archive-account']),
    auditAccount: accountFlag('--audit-account', values['audit-account']),
    homeRegion: values['home-region'],
    governedRegions: values['governed-regions']
      ?.split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  };
}

function accountFlag(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{12}$/.test(value)) {
    throw new UsageError(`${flag} must be a 12-digit account ID, got ${value}`);
  }
  return value;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

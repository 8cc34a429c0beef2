/**
 * npm run preflight -- [--config PATH]
 *
 * Checks a config against the live organization before `cdk deploy`. Exit 0:
 * nothing blocks; 1: a check failed; 2: the checks could not run. All logic
 * lives in lib/org; this file only wires.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../lib/config/loader';
import { AwsCaller } from '../lib/org/call';
import { createAwsClients } from '../lib/org/client';
import { processIo, reportFailure, UsageError } from '../lib/org/command-io';
import { runPreflight } from '../lib/org/preflight-command';
import { throttleNotice } from '../lib/org/retry-notice';

const USAGE = `Usage: npm run preflight -- [options]

Checks a landing-zone config against the organization of your AWS credentials
(use the management account's) and prints each check with its fix.
Exit code 0: nothing blocks a deploy; 1: a check failed; 2: the checks could not run.

  --config PATH    the config to check (default: ${DEFAULT_CONFIG_PATH})
  --profile NAME   an AWS profile (default: AWS_PROFILE, then the default profile)
  -h, --help       show this help`;

async function main(argv: string[]): Promise<number> {
  const io = processIo;
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', default: DEFAULT_CONFIG_PATH },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return reportFailure('preflight', new UsageError(`${(error as Error).message} (see --help)`), io);
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const clients = createAwsClients({ profile: values.profile });
  try {
    return await runPreflight(values.config, { clients, aws: new AwsCaller({ onRetry: throttleNotice(io) }), io });
  } catch (error) {
    return reportFailure('preflight', error, io);
  } finally {
    clients.destroy();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

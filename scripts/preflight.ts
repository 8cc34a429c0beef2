/**
 * npm run preflight -- [--config PATH]
 *
 * Checks a config against the live organization before `cdk deploy`. Exit 0:
 * every check ran and nothing blocks; 1: a check failed; 2: a check, or the
 * whole run, could not run. All logic lives in lib/org; this file only wires.
 */
import { processIo } from '../lib/org/command-io';
import { preflightCli } from '../lib/org/cli';

void preflightCli(process.argv.slice(2), { io: processIo, env: process.env }).then((code) => {
  process.exitCode = code;
});

/** `npm run cost -- [options]`: what the configured landing zone costs a month. All logic lives in lib/cost. */
import * as fs from 'node:fs';
import { runCost } from '../lib/cost/command';
import { DEFAULT_CONFIG_PATH } from '../lib/config/loader';

process.exitCode = runCost(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readFile: (path) => fs.readFileSync(path, 'utf8'),
  },
  { defaultConfigPath: process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG_PATH },
);

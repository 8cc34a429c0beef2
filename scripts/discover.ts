/**
 * npm run discover -- [--out PATH | --config PATH] [flags]
 *
 * Reads the live organization and writes a starter config, or compares an
 * existing config with it. All logic lives in lib/org; this file only wires.
 */
import { discoverCli } from '../lib/org/cli';
import { processIo } from '../lib/org/command-io';

void discoverCli(process.argv.slice(2), { io: processIo, env: process.env }).then((code) => {
  process.exitCode = code;
});

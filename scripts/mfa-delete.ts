/** `npm run mfa-delete [-- --config PATH]`: prints the MFA-delete steps for the configured mode. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../lib/config/loader';
import { configSource, describeSource } from '../lib/config/source';
import { mfaDeleteInstructions } from '../lib/mfa-delete';

const { values } = parseArgs({ options: { config: { type: 'string' } } });
const source = configSource(values.config, process.env, '--config');
try {
  const config = loadConfig(source.path);
  console.error(describeSource(source));
  console.log(mfaDeleteInstructions(config));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

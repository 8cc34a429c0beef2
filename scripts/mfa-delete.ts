/** `npm run mfa-delete [-- --config PATH]`: prints the MFA-delete steps for the configured mode. */
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/loader';
import { mfaDeleteInstructions } from '../lib/mfa-delete';

const { values } = parseArgs({ options: { config: { type: 'string', default: DEFAULT_CONFIG_PATH } } });
try {
  console.log(mfaDeleteInstructions(loadConfig(values.config!)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

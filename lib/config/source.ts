import { DEFAULT_CONFIG_PATH } from './loader';
import type { LandingZoneConfig } from './schema';

/** The environment variable that names the config file for every command, unless a flag names another. */
export const CONFIG_ENV = 'LANDING_ZONE_CONFIG';

/** Which config file a command reads, and what chose it. */
export interface ConfigSource {
  readonly path: string;
  /** `-c config` (or the command's `--config` flag), `LANDING_ZONE_CONFIG`, or the default example. */
  readonly chosenBy: string;
}

/**
 * The config file of a command: the one its flag names (`-c config=PATH` for
 * `cdk`, `--config PATH` for the scripts), else `LANDING_ZONE_CONFIG`, else
 * the example. An empty value counts as unset, as an unset CI variable arrives.
 */
export function configSource(
  flag: unknown,
  env: Readonly<Record<string, string | undefined>>,
  flagName = '-c config',
): ConfigSource {
  if (typeof flag === 'string' && flag !== '') return { path: flag, chosenBy: flagName };
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv) return { path: fromEnv, chosenBy: CONFIG_ENV };
  return { path: DEFAULT_CONFIG_PATH, chosenBy: 'the default: the example, with placeholder IDs' };
}

/** The one line every command prints (to stderr) once it has read its config. */
export function describeSource(source: ConfigSource): string {
  return `Landing zone config: ${source.path} (${source.chosenBy})`;
}

/** The keys of `config` that still hold the example's placeholder IDs: deploying them cannot be meant. */
export function placeholderKeys(config: LandingZoneConfig, example: LandingZoneConfig): string[] {
  const keys = (['management', 'logArchive', 'audit'] as const)
    .filter((role) => config.accounts[role] === example.accounts[role])
    .map((role) => `accounts.${role}`);
  return config.organization.id === example.organization.id ? ['organization.id', ...keys] : keys;
}

/** Why a deploy of `source` is refused, in one line, or undefined when it may go ahead. */
export function placeholderRefusal(
  source: ConfigSource,
  config: LandingZoneConfig,
  example: LandingZoneConfig,
): string | undefined {
  const keys = placeholderKeys(config, example);
  if (keys.length === 0) return undefined;
  return `Refusing to deploy ${source.path}: ${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} the example's placeholder; name your organization's config with ${CONFIG_ENV}=PATH or -c config=PATH`;
}

import { parseConfig } from '../config/loader';
import type { AwsCaller } from './call';
import type { AwsClients } from './client';
import { EXIT, readConfigFile, type CommandIo } from './command-io';
import { discoverOrganization } from './discovery';
import { inspectCallerAccount } from './inspection';
import { hasBlockers, runPreflightChecks } from './preflight';
import { renderPreflightReport } from './render/preflight-report';

export interface PreflightDeps {
  readonly clients: Pick<AwsClients, 'organizations' | 'sts' | 'cloudTrail' | 'configService'>;
  readonly aws: AwsCaller;
  readonly io: CommandIo;
}

/** Exit 0 when nothing blocks a deploy, 1 when a check failed. */
export async function runPreflight(configPath: string, deps: PreflightDeps): Promise<number> {
  const { io } = deps;
  const config = parseConfig(readConfigFile(configPath, io), configPath);
  const [organization, callerAccount] = await Promise.all([
    discoverOrganization(deps.clients.organizations, deps.aws),
    inspectCallerAccount(deps.clients, deps.aws, { homeRegion: config.regions.home, regions: config.regions.governed }),
  ]);
  const results = runPreflightChecks(config, configPath, { organization, callerAccount });
  io.out(
    `Preflight of ${configPath} against organization ${organization.id} (${organization.accounts.length} accounts)\n`,
  );
  io.out(renderPreflightReport(results, { width: io.width }));
  return hasBlockers(results) ? EXIT.blocked : EXIT.ok;
}

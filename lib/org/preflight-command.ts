import { parseConfig } from '../config/loader';
import type { AwsCaller } from './call';
import { CONTROL_TOWER_PRINCIPAL, CONTROL_TOWER_TRAIL } from './checks/control-tower';
import type { AwsClients } from './client';
import { EXIT, readConfigFile, type CommandIo } from './command-io';
import { discoverOrganization } from './discovery';
import { landingZoneExpectations } from './expectations';
import { inspectCallerAccount, readLandingZone } from './inspection';
import { readPolicyAttachments } from './policy-attachments';
import { hasBlockers, isIncomplete, runPreflightChecks } from './preflight';
import { renderPreflightReport } from './render/preflight-report';
import type { CallerAccountSnapshot, OrganizationSnapshot } from './snapshot';

export interface PreflightDeps {
  readonly clients: Pick<AwsClients, 'organizations' | 'sts' | 'cloudTrail' | 'configService' | 'controlTower'>;
  readonly aws: AwsCaller;
  readonly io: CommandIo;
}

export interface PreflightSource {
  readonly path: string;
  /** Where the path came from when not from --config, for the "not found" message. @default - --config */
  readonly from?: string;
}

/** Exit 0 when every check ran and nothing blocks, 1 when a check failed, 2 when a check could not run. */
export async function runPreflight(source: PreflightSource | string, deps: PreflightDeps): Promise<number> {
  const { io, aws, clients } = deps;
  const { path: configPath, from } = typeof source === 'string' ? { path: source, from: undefined } : source;
  // The config is judged before any AWS call: a typo must not cost a walk of the organization.
  const config = parseConfig(readConfigFile(configPath, io, from), configPath);
  const [organization, caller] = await Promise.all([
    discoverOrganization(clients.organizations, aws),
    inspectCallerAccount(clients, aws, { homeRegion: config.regions.home, regions: config.regions.governed }),
  ]);
  const wanted = landingZoneExpectations(config).policies;
  const [policyAttachments, landingZone] = await Promise.all([
    readPolicyAttachments(clients.organizations, aws, attachmentReads(organization, wanted)),
    readControlTower(deps, controlTowerRegions(organization, caller, config.regions.home)),
  ]);
  const callerAccount: CallerAccountSnapshot = { ...caller, ...(landingZone ? { landingZone } : {}) };
  const results = runPreflightChecks(config, configPath, { organization, callerAccount, policyAttachments });
  io.out(
    `Preflight of ${configPath} against organization ${organization.id} (${organization.accounts.length} accounts)\n`,
  );
  io.out(renderPreflightReport(results, { width: io.width }));
  if (hasBlockers(results)) return EXIT.blocked;
  return isIncomplete(results) ? EXIT.error : EXIT.ok;
}

/**
 * Attachments are read only where they count: targets of this organization,
 * of policy types already enabled (with the type off, only the AWS managed
 * policy will be there), and only when the config is about this organization.
 */
function attachmentReads(
  org: OrganizationSnapshot,
  wanted: ReturnType<typeof landingZoneExpectations>['policies'],
): { targetId: string; type: string }[] {
  const known = new Set([...org.roots.map((r) => r.id), ...org.organizationalUnits.map((u) => u.id)]);
  const enabled = new Set(
    org.roots.flatMap((r) => r.policyTypes.filter((p) => p.status === 'ENABLED').map((p) => p.type)),
  );
  const reads = wanted.policies.flatMap((p) =>
    enabled.has(p.type) ? p.targets.filter((t) => known.has(t.id)).map((t) => ({ targetId: t.id, type: p.type })) : [],
  );
  return [...new Map(reads.map((r) => [`${r.type} ${r.targetId}`, r])).values()];
}

/**
 * Control Tower is asked only when something suggests it, so organizations
 * without it need no controltower:* permission: in the home region of its
 * trail, where its landing zone lives, then in the config's home region.
 */
function controlTowerRegions(
  org: OrganizationSnapshot,
  caller: CallerAccountSnapshot,
  home: string,
): string[] | undefined {
  const trail = 'value' in caller.trails ? caller.trails.value.find((t) => t.name === CONTROL_TOWER_TRAIL) : undefined;
  if (!org.trustedServices.includes(CONTROL_TOWER_PRINCIPAL) && !trail) return undefined;
  return [...new Set([trail?.homeRegion, home].filter((r): r is string => Boolean(r)))];
}

async function readControlTower(deps: PreflightDeps, regions: string[] | undefined) {
  return regions ? { regions, found: await readLandingZone(deps.clients, deps.aws, regions) } : undefined;
}

import { DescribeTrailsCommand, ListEventDataStoresCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCaller } from './call';
import type { AwsClients } from './client';
import { failureKind } from './errors';
import type { CallerAccountSnapshot, Checked, LandingZoneSummary } from './snapshot';

export interface InspectionScope {
  readonly homeRegion: string;
  /** Regions whose Config recorders are listed: the governed regions. */
  readonly regions: readonly string[];
}

/**
 * Reads CloudTrail and Config in the account the credentials belong to. Each
 * read may fail alone (a role without cloudtrail:ListEventDataStores, say): the
 * check that needs it then says so, and the others still run.
 */
export async function inspectCallerAccount(
  clients: Pick<AwsClients, 'sts' | 'cloudTrail' | 'configService'>,
  aws: AwsCaller,
  scope: InspectionScope,
): Promise<CallerAccountSnapshot> {
  const cloudTrail = clients.cloudTrail(scope.homeRegion);
  const [identity, eventDataStores, trails, recorders] = await Promise.all([
    checked(async () => {
      const id = await aws.call('sts:GetCallerIdentity', (send) =>
        clients.sts.send(new GetCallerIdentityCommand({}), send),
      );
      return { accountId: id.Account ?? '', arn: id.Arn ?? '' };
    }),
    checked(async () => {
      const stores = await aws.collect(
        'cloudtrail:ListEventDataStores',
        (NextToken, send) => cloudTrail.send(new ListEventDataStoresCommand({ NextToken }), send),
        (page) => page.EventDataStores,
      );
      return stores.map((s) => ({ name: s.Name ?? '', arn: s.EventDataStoreArn ?? '', status: s.Status ?? '' }));
    }),
    checked(async () => {
      const { trailList } = await aws.call('cloudtrail:DescribeTrails', (send) =>
        cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }), send),
      );
      return (trailList ?? []).map((t) => ({
        name: t.Name ?? '',
        arn: t.TrailARN ?? '',
        homeRegion: t.HomeRegion ?? '',
        isOrganizationTrail: t.IsOrganizationTrail ?? false,
      }));
    }),
    Promise.all(
      scope.regions.map(async (region) => ({
        region,
        recorders: await checked(async () => {
          const { ConfigurationRecorders } = await aws.call('config:DescribeConfigurationRecorders', (send) =>
            clients.configService(region).send(new DescribeConfigurationRecordersCommand({}), send),
          );
          return (ConfigurationRecorders ?? []).map((r) => ({
            name: r.name ?? '',
            ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
          }));
        }),
      })),
    ),
  ]);
  return { identity, homeRegion: scope.homeRegion, eventDataStores, trails, recorders };
}

/**
 * Asks Control Tower, region by region, for its landing zone: the first region
 * that knows one wins. ListLandingZones returns at most one (an organization
 * has one landing zone); GetLandingZone gives its version and manifest.
 */
export async function readLandingZone(
  clients: Pick<AwsClients, 'controlTower'>,
  aws: AwsCaller,
  regions: readonly string[],
): Promise<Checked<LandingZoneSummary | undefined>> {
  return checked(async () => {
    for (const region of regions) {
      const api = clients.controlTower(region);
      const zones = await aws.collect(
        'controltower:ListLandingZones',
        (token, send) => api.listLandingZones(token, send),
        (page) => page.landingZones,
      );
      const arn = zones.find((z) => z.arn)?.arn;
      if (!arn) continue;
      const detail = await aws.call('controltower:GetLandingZone', (send) => api.getLandingZone(arn, send));
      if (!detail) continue;
      return summarise(arn, detail);
    }
    return undefined;
  });
}

function summarise(
  arn: string,
  detail: NonNullable<Awaited<ReturnType<ReturnType<AwsClients['controlTower']>['getLandingZone']>>>,
): LandingZoneSummary {
  const manifest = (detail.manifest ?? {}) as {
    centralizedLogging?: { enabled?: boolean };
    config?: { enabled?: boolean };
  };
  // Landing zone 4.0 made both optional with required `enabled` flags; before it, both were always on.
  // https://docs.aws.amazon.com/controltower/latest/userguide/lz-api-launch.html ("What's changed in 4.0")
  return {
    arn,
    version: detail.version,
    ...(detail.latestAvailableVersion ? { latestAvailableVersion: detail.latestAvailableVersion } : {}),
    ...(detail.status ? { status: detail.status } : {}),
    ...(detail.driftStatus?.status ? { driftStatus: detail.driftStatus.status } : {}),
    managesTrail: manifest.centralizedLogging?.enabled ?? true,
    managesConfig: manifest.config?.enabled ?? true,
  };
}

export async function checked<T>(read: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), kind: failureKind(error) };
  }
}

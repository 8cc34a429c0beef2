import { DescribeTrailsCommand, ListEventDataStoresCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCaller } from './call';
import type { AwsClients } from './client';
import type { CallerAccountSnapshot, Checked } from './snapshot';

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
      const id = await aws.call('sts:GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({})));
      return { accountId: id.Account ?? '', arn: id.Arn ?? '' };
    }),
    checked(async () => {
      const stores = await aws.collect(
        'cloudtrail:ListEventDataStores',
        (NextToken) => cloudTrail.send(new ListEventDataStoresCommand({ NextToken })),
        (page) => page.EventDataStores,
      );
      return stores.map((s) => ({ name: s.Name ?? '', arn: s.EventDataStoreArn ?? '', status: s.Status ?? '' }));
    }),
    checked(async () => {
      const { trailList } = await aws.call('cloudtrail:DescribeTrails', () =>
        cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
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
          const { ConfigurationRecorders } = await aws.call('config:DescribeConfigurationRecorders', () =>
            clients.configService(region).send(new DescribeConfigurationRecordersCommand({})),
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

async function checked<T>(read: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

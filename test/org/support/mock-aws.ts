import { CloudTrailClient, DescribeTrailsCommand, ListEventDataStoresCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsCaller } from '../../../lib/org/call';
import type { AwsClients } from '../../../lib/org/client';
import type { RetryOptions } from '../../../lib/org/retry';
import type { ControlTowerApi } from '../../../lib/org/control-tower-api';
import { exampleOrganization, respond, type FakeOrganization } from './fake-organization';

/**
 * Stubs `send` of every client class with the fake organization behind it.
 * Tests add `rejectsOnce` and friends on top for throttling and errors.
 */
export function mockAws(fake: FakeOrganization) {
  const organizations = mockClient(OrganizationsClient);
  const org = <C>(command: C, operation: Parameters<typeof respond>[1]) =>
    organizations.on(command as never).callsFake((input) => respond(fake, operation, input));
  org(DescribeOrganizationCommand, 'DescribeOrganization');
  org(ListRootsCommand, 'ListRoots');
  org(ListOrganizationalUnitsForParentCommand, 'ListOrganizationalUnitsForParent');
  org(ListAccountsForParentCommand, 'ListAccountsForParent');
  org(ListDelegatedAdministratorsCommand, 'ListDelegatedAdministrators');
  org(ListDelegatedServicesForAccountCommand, 'ListDelegatedServicesForAccount');
  org(ListAWSServiceAccessForOrganizationCommand, 'ListAWSServiceAccessForOrganization');
  org(ListTagsForResourceCommand, 'ListTagsForResource');
  org(ListPoliciesForTargetCommand, 'ListPoliciesForTarget');

  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).callsFake((input) => respond(fake, 'GetCallerIdentity', input));
  const cloudTrail = mockClient(CloudTrailClient);
  cloudTrail.on(ListEventDataStoresCommand).callsFake((input) => respond(fake, 'ListEventDataStores', input));
  cloudTrail.on(DescribeTrailsCommand).callsFake((input) => respond(fake, 'DescribeTrails', input));
  const configService = mockClient(ConfigServiceClient);
  configService
    .on(DescribeConfigurationRecordersCommand)
    .callsFake(async (input, getClient) =>
      respond(fake, 'DescribeConfigurationRecorders', input, await getClient().config.region()),
    );

  return {
    organizations,
    sts,
    cloudTrail,
    configService,
    restore: () => [organizations, sts, cloudTrail, configService].forEach((m) => m.restore()),
  };
}

/**
 * Real clients (their `send` is what mockAws stubs), with a fixed region and no
 * environment involved. Control Tower has no SDK client here (see
 * lib/org/control-tower-api.ts): its two reads answer from the fake directly.
 */
export function testClients(fake?: FakeOrganization): Omit<AwsClients, 'destroy'> {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
  return {
    organizations: new OrganizationsClient({ region: 'us-east-1', credentials }),
    sts: new STSClient({ region: 'us-east-1', credentials }),
    cloudTrail: (region) => new CloudTrailClient({ region, credentials }),
    configService: (region) => new ConfigServiceClient({ region, credentials }),
    controlTower: (region) =>
      ({
        listLandingZones: async () => {
          const { landingZones } = respond(fake ?? exampleOrganization(), 'ListLandingZones', {}, region) as {
            landingZones: { arn: string }[];
          };
          return { landingZones };
        },
        getLandingZone: async () =>
          (respond(fake ?? exampleOrganization(), 'GetLandingZone', {}, region) as { landingZone: never }).landingZone,
        destroy: () => {},
      }) as unknown as ControlTowerApi,
  };
}

/** A caller whose backoff waits are recorded instead of slept. */
export function instantCaller(options: RetryOptions = {}) {
  const delays: number[] = [];
  const aws = new AwsCaller({
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 1,
    ...options,
  });
  return { aws, delays };
}

/** A CommandIo that keeps what was written, for assertions. */
export function bufferIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text: string) => out.push(text),
    err: (text: string) => err.push(text),
    readFile: (path: string) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path];
    },
    writeFile: (path: string, text: string) => {
      files[path] = text;
    },
    /** Paths under `readonly/` cannot be written, as a folder without permission. */
    cannotWrite: (path: string) => (path.startsWith('readonly/') ? 'permission denied (EACCES)' : undefined),
    width: 120,
    files,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

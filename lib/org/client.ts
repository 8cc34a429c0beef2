import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClientOptions {
  /** @default - AWS_PROFILE, else the default profile, as the SDK resolves it */
  readonly profile?: string;
}

/** The clients discover and preflight use; regional ones are made once per region. */
export interface AwsClients {
  /** Uses the region of the standard chain (AWS_REGION, the profile); Organizations itself is global. */
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  cloudTrail(region: string): CloudTrailClient;
  configService(region: string): ConfigServiceClient;
  /** Closes kept-alive connections so the CLI exits at once. */
  destroy(): void;
}

/**
 * Builds clients on the SDK's standard credential and region chain (environment,
 * profiles, SSO, container and instance roles). The endpoint is deliberately left
 * alone: the SDK then honours AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and a
 * profile's `endpoint_url`, which is how the commands run against a test endpoint.
 */
export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const common = {
    ...(options.profile ? { profile: options.profile } : {}),
    // AwsCaller retries (lib/org/retry.ts); a second SDK layer would multiply the attempts.
    maxAttempts: 1,
  };
  const organizations = new OrganizationsClient(common);
  const sts = new STSClient(common);
  const cloudTrail = new Map<string, CloudTrailClient>();
  const configService = new Map<string, ConfigServiceClient>();
  const regional = <C>(cache: Map<string, C>, make: () => C, region: string): C => {
    if (!cache.has(region)) cache.set(region, make());
    return cache.get(region)!;
  };
  return {
    organizations,
    sts,
    cloudTrail: (region) => regional(cloudTrail, () => new CloudTrailClient({ ...common, region }), region),
    configService: (region) => regional(configService, () => new ConfigServiceClient({ ...common, region }), region),
    destroy: () => {
      for (const client of [organizations, sts, ...cloudTrail.values(), ...configService.values()]) client.destroy();
    },
  };
}

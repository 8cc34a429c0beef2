import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { ControlTowerApi } from './control-tower-api';
import { DEFAULT_TIMEOUTS, requestHandlerOptions, type Timeouts } from './timeouts';

export interface AwsClientOptions {
  /** @default - AWS_PROFILE, else the default profile, as the SDK resolves it */
  readonly profile?: string;
  /** @default DEFAULT_TIMEOUTS */
  readonly timeouts?: Timeouts;
}

/** The clients discover and preflight use; regional ones are made once per region. */
export interface AwsClients {
  /** Uses the region of the standard chain (AWS_REGION, the profile); Organizations itself is global. */
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  cloudTrail(region: string): CloudTrailClient;
  configService(region: string): ConfigServiceClient;
  /** Control Tower's API is regional: its landing zone lives in its home region. */
  controlTower(region: string): ControlTowerApi;
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
    requestHandler: requestHandlerOptions(options.timeouts ?? DEFAULT_TIMEOUTS),
  };
  const all: { destroy(): void }[] = [];
  const made = <C extends { destroy(): void; middlewareStack: AnyStack }>(client: C): C => {
    recordEndpoint(client);
    all.push(client);
    return client;
  };
  const organizations = made(new OrganizationsClient(common));
  const sts = made(new STSClient(common));
  const regional = <C>(make: (region: string) => C) => {
    const cache = new Map<string, C>();
    return (region: string): C => {
      if (!cache.has(region)) cache.set(region, make(region));
      return cache.get(region)!;
    };
  };
  return {
    organizations,
    sts,
    cloudTrail: regional((region) => made(new CloudTrailClient({ ...common, region }))),
    configService: regional((region) => made(new ConfigServiceClient({ ...common, region }))),
    controlTower: regional((region) => {
      const api = new ControlTowerApi({
        region,
        credentials: sts.config.credentials,
        timeouts: options.timeouts ?? DEFAULT_TIMEOUTS,
        endpoint: controlTowerEndpoint(region, process.env),
      });
      all.push(api);
      return api;
    }),
    destroy: () => all.forEach((client) => client.destroy()),
  };
}

/**
 * The SDK's endpoint settings for Control Tower (service ID `ControlTower`):
 * AWS_ENDPOINT_URL_CONTROLTOWER, then AWS_ENDPOINT_URL. A profile's
 * `endpoint_url` is not read for this one client.
 */
export function controlTowerEndpoint(region: string, env: NodeJS.ProcessEnv): string {
  return env.AWS_ENDPOINT_URL_CONTROLTOWER ?? env.AWS_ENDPOINT_URL ?? `https://controltower.${region}.amazonaws.com`;
}

interface AnyStack {
  add(middleware: unknown, options: { step: 'finalizeRequest'; name: string }): void;
}

/** Puts the URL a request went to on its error, so "cannot reach" and "timed out" can name it. */
function recordEndpoint(client: { middlewareStack: AnyStack }): void {
  client.middlewareStack.add(
    (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      try {
        return await next(args);
      } catch (caught) {
        const r = args.request as { protocol?: string; hostname?: string; port?: number };
        const error = sameRealm(caught);
        if (error && typeof error === 'object' && r.hostname) {
          const port = r.port ? `:${r.port}` : '';
          Object.assign(error, { $endpointUrl: `${r.protocol ?? 'https:'}//${r.hostname}${port}` });
        }
        throw error;
      }
    },
    { step: 'finalizeRequest', name: 'recordEndpointOnError' },
  );
}

/**
 * A socket error made by Node's own modules can come from another realm (as
 * under jest's vm contexts), where `instanceof Error` is false and the SDK's
 * retry layer flattens it to the string "AWS SDK error wrapper for Error: ...",
 * losing its `code` (ECONNREFUSED). A same-realm copy keeps every property.
 */
function sameRealm(error: unknown): unknown {
  if (error instanceof Error || error === null || typeof error !== 'object') return error;
  const e = error as { name?: string; message?: string };
  return Object.assign(new Error(e.message ?? String(error)), error, { name: e.name ?? 'Error' });
}

import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { createAwsClients } from '../../lib/org/client';
import { STATIC_KEYS, withEnv } from './support/env';

/** Sends a request through the real middleware stack and stops it before signing, returning where it would go. */
async function resolvedUrl(client: ReturnType<typeof createAwsClients>['organizations']): Promise<string> {
  const stop = new Error('stop before sending');
  let url = '';
  client.middlewareStack.add(
    (_next) => async (args) => {
      const request = args.request as { protocol: string; hostname: string; port?: number; path: string };
      url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`;
      throw stop;
    },
    { step: 'build', name: 'captureUrl' },
  );
  await expect(client.send(new DescribeOrganizationCommand({}))).rejects.toBe(stop);
  return url;
}

describe('createAwsClients', () => {
  test('the Organizations client resolves its endpoint from AWS_ENDPOINT_URL_ORGANIZATIONS', async () => {
    const url = await withEnv(
      {
        ...STATIC_KEYS,
        AWS_ENDPOINT_URL_ORGANIZATIONS: 'http://localhost:4566',
        AWS_ENDPOINT_URL: undefined,
        AWS_REGION: 'eu-west-1',
      },
      () => resolvedUrl(createAwsClients().organizations),
    );
    expect(url).toBe('http://localhost:4566/');
  });

  test('without an endpoint setting it goes to the real, global Organizations endpoint', async () => {
    const url = await withEnv(
      {
        ...STATIC_KEYS,
        AWS_ENDPOINT_URL_ORGANIZATIONS: undefined,
        AWS_ENDPOINT_URL: undefined,
        AWS_REGION: 'eu-west-1',
      },
      () => resolvedUrl(createAwsClients().organizations),
    );
    expect(url).toBe('https://organizations.us-east-1.amazonaws.com/');
  });

  test('leaves retries to AwsCaller: one SDK attempt per call', async () => {
    const clients = createAwsClients();
    await expect(clients.organizations.config.maxAttempts()).resolves.toBe(1);
    await expect(clients.cloudTrail('eu-west-1').config.maxAttempts()).resolves.toBe(1);
    clients.destroy();
  });

  test('gives every client a connection timeout and a request timeout that throws', async () => {
    const clients = createAwsClients({ timeouts: { connectMs: 1500, requestMs: 3000 } });
    for (const client of [
      clients.organizations,
      clients.sts,
      clients.cloudTrail('eu-west-1'),
      clients.configService('eu-west-1'),
    ]) {
      const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
      await expect(handler.configProvider).resolves.toMatchObject({
        connectionTimeout: 1500,
        requestTimeout: 3000,
        throwOnRequestTimeout: true,
        socketTimeout: 3000,
      });
    }
    clients.destroy();
  });

  test('makes one regional client per region and reuses it', async () => {
    const clients = createAwsClients();
    expect(clients.configService('eu-west-1')).toBe(clients.configService('eu-west-1'));
    await expect(clients.configService('eu-central-1').config.region()).resolves.toBe('eu-central-1');
    clients.destroy();
  });
});

import { AwsCaller } from '../../lib/org/call';
import { createAwsClients } from '../../lib/org/client';
import { discoverOrganization } from '../../lib/org/discovery';
import { inspectCallerAccount } from '../../lib/org/inspection';
import { STATIC_KEYS, withEnv } from './support/env';
import { startFakeEndpoint } from './support/fake-endpoint';
import { exampleOrganization, LOG_ARCHIVE, MANAGEMENT } from './support/fake-organization';

/**
 * The whole SDK stack (endpoint resolution, signing, JSON and query protocols,
 * error parsing) against a local endpoint that speaks the Organizations protocol,
 * reached only through the standard AWS_ENDPOINT_URL_<SERVICE> settings.
 */
describe('against a local endpoint named by AWS_ENDPOINT_URL_<SERVICE>', () => {
  const endpointEnv = (url: string) => ({
    ...STATIC_KEYS,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_ORGANIZATIONS: url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: url,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: url,
    AWS_ENDPOINT_URL_STS: url,
  });

  test('discover and inspect read the organization through the real clients', async () => {
    const fake = exampleOrganization();
    fake.recorders['eu-central-1'] = [{ name: 'default' }];
    const endpoint = await startFakeEndpoint(fake);
    const clients = createAwsClients();
    try {
      const [org, caller] = await withEnv(endpointEnv(endpoint.url), () =>
        Promise.all([
          discoverOrganization(clients.organizations, new AwsCaller()),
          inspectCallerAccount(clients, new AwsCaller(), {
            homeRegion: 'eu-west-1',
            regions: ['eu-west-1', 'eu-central-1'],
          }),
        ]),
      );
      expect(org.accounts.map((a) => a.id)).toContain(LOG_ARCHIVE);
      expect(org.organizationalUnits).toHaveLength(5);
      expect(caller.identity).toEqual({ value: { accountId: MANAGEMENT, arn: fake.caller.Arn } });
      // The Config client's region travels in the signature; the fake answers per region.
      expect(caller.recorders).toEqual([
        { region: 'eu-west-1', recorders: { value: [] } },
        { region: 'eu-central-1', recorders: { value: [{ name: 'default' }] } },
      ]);
      expect(endpoint.requests).toContain('ListAccountsForParent');
    } finally {
      clients.destroy();
      await endpoint.close();
    }
  });

  test("an error on the wire becomes the same one line as the SDK's own error class", async () => {
    const endpoint = await startFakeEndpoint(exampleOrganization(), {
      failures: {
        DescribeOrganization: {
          name: 'AWSOrganizationsNotInUseException',
          message: 'Your account is not a member of an organization.',
        },
      },
    });
    const clients = createAwsClients();
    try {
      const error = await withEnv(endpointEnv(endpoint.url), () =>
        discoverOrganization(clients.organizations, new AwsCaller()).then(
          () => new Error('expected a failure'),
          (e: unknown) => e as Error,
        ),
      );
      expect(error.message).toMatch(
        /^organizations:DescribeOrganization: the account of these credentials is not in an organization\./,
      );
    } finally {
      clients.destroy();
      await endpoint.close();
    }
  });
});

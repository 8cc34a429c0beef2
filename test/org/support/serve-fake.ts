/**
 * Serves the fake organization on a local port, for running the real CLIs
 * against it (the example output in the README comes from here):
 *
 *   npx tsx test/org/support/serve-fake.ts adopting &
 *   AWS_ENDPOINT_URL=http://127.0.0.1:<port> AWS_REGION=eu-west-1 \
 *     AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x npm run preflight -- --config lz.yaml
 */
import { startFakeEndpoint, type FakeFailure } from './fake-endpoint';
import { AUDIT, exampleOrganization, MANAGEMENT, type FakeOrganization, type Operation } from './fake-organization';

const SCENARIOS: Record<string, () => FakeOrganization> = {
  /** As discover finds it: the example organization. */
  example: exampleOrganization,
  /** An organization with history: a former security account administers GuardDuty, and Config already records. */
  adopting: () => {
    const fake = exampleOrganization();
    fake.accounts.push({
      Id: '888888888888',
      Name: 'security-legacy',
      Email: 'aws+security-legacy@example.com',
      State: 'ACTIVE',
      ParentId: 'ou-a1b2-s3cur1ty',
    });
    fake.delegatedAdmins.splice(
      0,
      fake.delegatedAdmins.length,
      { AccountId: '888888888888', ServicePrincipal: 'guardduty.amazonaws.com' },
      { AccountId: AUDIT, ServicePrincipal: 'securityhub.amazonaws.com' },
    );
    fake.trustedServices.push('config.amazonaws.com');
    fake.recorders['eu-west-1'] = [{ name: 'default' }];
    fake.trails.push({
      Name: 'acme-org-trail',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/acme-org-trail`,
      HomeRegion: 'us-east-1',
      IsOrganizationTrail: true,
    });
    return fake;
  },
};

/** Failures a scenario's endpoint answers with, for the one-line errors. */
const FAILURES: Record<string, Partial<Record<Operation, FakeFailure>>> = {
  denied: {
    ListAccountsForParent: {
      name: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::444444444444:assumed-role/ReadOnly/bob is not authorized to perform: organizations:ListAccountsForParent',
    },
  },
  'not-in-organization': {
    DescribeOrganization: {
      name: 'AWSOrganizationsNotInUseException',
      message: 'Your account is not a member of an organization.',
    },
  },
  expired: {
    DescribeOrganization: {
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    },
  },
};

const name = process.argv[2] ?? 'example';
const scenario = SCENARIOS[name] ?? (name in FAILURES ? exampleOrganization : undefined);
if (!scenario) {
  const known = [...Object.keys(SCENARIOS), ...Object.keys(FAILURES)].join(', ');
  throw new Error(`unknown scenario ${name}; one of ${known}`);
}
void startFakeEndpoint(scenario(), { failures: FAILURES[name] }).then(({ url }) => console.log(url));

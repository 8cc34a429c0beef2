import { AwsCallError, explainAwsError } from '../../lib/org/errors';
import { DeadlineExceededError, RetriesExhaustedError } from '../../lib/org/retry';

/** What the SDK's credential chain throws (@smithy's CredentialsProviderError), without importing a transitive package. */
const credentialsError = (message: string) => Object.assign(new Error(message), { name: 'CredentialsProviderError' });

const awsError = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });

describe('explainAwsError', () => {
  // Each case: [what happened, the error, what the one line must say]
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'access denied',
      awsError('AccessDeniedException', "You don't have permissions to access this resource."),
      /^cloudtrail:ListEventDataStores: access denied\. Allow cloudtrail:ListEventDataStores for these credentials$/,
    ],
    [
      'not in an organization',
      awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
      /not in an organization\. Use the management account's credentials .*create-organization --feature-set ALL/,
    ],
    [
      'an expired session token',
      awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      /the credentials have expired\. Refresh them \(`aws sso login --profile <profile>`/,
    ],
    [
      'an expired SSO session',
      credentialsError(
        'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      /^credentials: the SSO session has expired\. Run `aws sso login --profile <profile>`/,
    ],
    [
      'no credentials at all',
      credentialsError('Could not load credentials from any providers'),
      /^credentials: none found\. Set AWS_PROFILE/,
    ],
    [
      'an unknown access key',
      awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      /does not recognise the access key/,
    ],
    ['no region', new Error('Region is missing'), /no AWS region is configured\. Set AWS_REGION/],
    [
      'an unreachable endpoint',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', hostname: '127.0.0.1' }),
      /cannot reach 127\.0\.0\.1 \(ECONNREFUSED\)\. Check the network, and AWS_ENDPOINT_URL\*/,
    ],
    [
      'a refused connection, with the endpoint the SDK used',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
        code: 'ECONNREFUSED',
        $endpointUrl: 'http://127.0.0.1:4566',
      }),
      /^cloudtrail:ListEventDataStores: cannot reach http:\/\/127\.0\.0\.1:4566 \(ECONNREFUSED\)/,
    ],
    [
      'a request that timed out twice',
      new RetriesExhaustedError(
        2,
        Object.assign(new Error('a request has exceeded the configured 20000 ms requestTimeout.'), {
          name: 'TimeoutError',
          $endpointUrl: 'https://cloudtrail.eu-west-1.amazonaws.com',
        }),
      ),
      /^timed out after 20 s: cloudtrail:ListEventDataStores at https:\/\/cloudtrail\.eu-west-1\.amazonaws\.com accepted the request but did not answer \(2 attempts\)/,
    ],
    [
      'a connection that never completed',
      Object.assign(
        new Error(
          'the request socket did not establish a connection with the server within the configured timeout of 5000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
      /^timed out after 5 s: cloudtrail:ListEventDataStores could not connect\./,
    ],
    [
      'the deadline',
      new DeadlineExceededError(600),
      /^cloudtrail:ListEventDataStores: not done when the command's deadline of 600 s passed \(raise it with --deadline SECONDS\)$/,
    ],
    [
      'exhausted retries',
      new RetriesExhaustedError(8, awsError('ThrottlingException', 'Rate exceeded')),
      /still throttled after 8 attempts with backoff/,
    ],
    [
      'anything else',
      awsError('ConstraintViolationException', 'You have exceeded the allowed number of...\nsecond line'),
      /^cloudtrail:ListEventDataStores: ConstraintViolationException, HTTP 400: You have exceeded the allowed number of\.\.\.$/,
    ],
  ];

  test.each(cases)('turns %s into one line', (_what, error, expected) => {
    const line = explainAwsError('cloudtrail:ListEventDataStores', error);
    expect(line).toMatch(expected);
    expect(line).not.toContain('\n');
  });

  test('an AwsCallError carries the operation and the original error', () => {
    const cause = awsError('AccessDeniedException', 'denied');
    const error = new AwsCallError('organizations:ListRoots', cause);
    expect(error.operation).toBe('organizations:ListRoots');
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(/^organizations:ListRoots: access denied\./);
  });
});

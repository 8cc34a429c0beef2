import * as path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../lib/config/loader';
import { ROOT } from '../support/root';
import { errorOf, exampleWith, expectOneProblem } from '../support/config-text';

describe('config loader', () => {
  test('the example config is valid and fills every default', () => {
    const config = loadConfig(path.join(ROOT, 'config/landing-zone.example.yaml'));
    expect(config.regions.governed.length).toBeGreaterThanOrEqual(2);
    expect(config.logArchive.trailBucket).toEqual({
      mfaDelete: 'policy',
      objectLock: { mode: 'GOVERNANCE', days: 365 },
      lifecycle: {
        glacierAfterDays: 90,
        deepArchiveAfterDays: 365,
        expireAfterDays: 2557,
        noncurrentExpireAfterDays: 30,
      },
    });
  });

  test('a minimal config gets secure defaults', () => {
    const config = parseConfig(
      [
        'organization: { id: o-abcdefghij, rootId: r-ab12 }',
        "accounts: { management: '111111111111', logArchive: '222222222222', audit: '333333333333' }",
        'regions: { home: us-east-1, governed: [us-east-1] }',
      ].join('\n'),
      'minimal.yaml',
    );
    expect(config.deployment).toEqual({
      prefix: 'lz',
      cdkQualifier: 'hnb659fds',
      bootstrapRoleName: 'OrganizationAccountAccessRole',
      deployerRoleArns: [],
    });
    expect(config.logArchive.trailBucket.objectLock).toEqual({ mode: 'GOVERNANCE', days: 365 });
    expect(config.logArchive.accessLogBucket.expireAfterDays).toBe(365);
  });

  // Each case: [name, broken config, key path the message must name, bad value it must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'a malformed account ID',
      exampleWith("audit: '333333333333'", "audit: '33333333333x'"),
      'accounts.audit',
      '33333333333x',
    ],
    [
      'two roles sharing one account ID',
      exampleWith("audit: '333333333333'", "audit: '222222222222'"),
      'accounts.audit',
      '222222222222',
    ],
    [
      'an unknown region',
      exampleWith('    - eu-central-1', '    - eu-centrall-1'),
      'regions.governed.1',
      'eu-centrall-1',
    ],
    [
      'a home region outside the governed regions',
      exampleWith('home: eu-west-1', 'home: us-east-1'),
      'regions.home',
      'us-east-1',
    ],
    [
      'a member account that is also the audit account',
      exampleWith("payments-prod: '444444444444'", "payments-prod: '333333333333'"),
      'organization.memberAccounts.payments-prod',
      'is accounts.audit',
    ],
    [
      'a member account that is also the management account',
      exampleWith("payments-prod: '444444444444'", "payments-prod: '111111111111'"),
      'organization.memberAccounts.payments-prod',
      'is accounts.management',
    ],
    ['a negative retention', exampleWith('days: 365', 'days: -5'), 'logArchive.trailBucket.objectLock.days', '-5'],
    [
      'an out-of-range retention',
      exampleWith('days: 365', 'days: 40000'),
      'logArchive.trailBucket.objectLock.days',
      '40000',
    ],
    [
      'logs expiring before their Object Lock ends',
      exampleWith('days: 365', 'days: 3000'),
      'logArchive.trailBucket.lifecycle.expireAfterDays',
      'must be at least objectLock.days (3000)',
    ],
    ['an unknown key', exampleWith('  prefix: lz', '  prefx: lz'), 'deployment.prefx', 'unknown key'],
    [
      'an organization ID of the wrong shape',
      exampleWith('id: o-exampleorg1', 'id: exampleorg'),
      'organization.id',
      'exampleorg',
    ],
    [
      'a deployer role of the log-archive account',
      exampleWith('  deployerRoleArns: []', "  deployerRoleArns: ['arn:aws:iam::222222222222:role/ci']"),
      'deployment.deployerRoleArns.0',
      'is a role of accounts.logArchive, whose administrators could then deploy as the landing zone',
    ],
    [
      'a deployer role with a wildcard',
      exampleWith('  deployerRoleArns: []', "  deployerRoleArns: ['arn:aws:iam::555555555555:role/ci-*']"),
      'deployment.deployerRoleArns.0',
      'must be an IAM role ARN without wildcards',
    ],
    [
      'a bootstrap role name that is no IAM name',
      exampleWith('  bootstrapRoleName: OrganizationAccountAccessRole', '  bootstrapRoleName: "org access"'),
      'deployment.bootstrapRoleName',
      'must be an IAM role name',
    ],
    [
      'true MFA delete together with lifecycle rules',
      exampleWith('mfaDelete: policy', 'mfaDelete: vault'),
      'logArchive.trailBucket.lifecycle',
      'S3 does not accept lifecycle rules on a bucket with MFA delete enabled',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, value) => expectOneProblem(text, key, value));

  test('fails when the YAML is malformed, naming the line', () => {
    const message = errorOf(exampleWith('home: eu-west-1', 'home: [eu-west-1'));
    expect(message).toMatch(/^test\.yaml:\d+:\d+: not valid YAML: /);
    expect(message.split('\n')).toHaveLength(1);
  });

  test('fails when the config file is missing', () => {
    expect(() => loadConfig('does/not/exist.yaml')).toThrow(
      new ConfigError('Config file not found: does/not/exist.yaml (pass another with -c config=PATH)'),
    );
  });

  test('vault mode without lifecycle is accepted', () => {
    const text = exampleWith('mfaDelete: policy', 'mfaDelete: vault').replace(/ {4}lifecycle:\n( {6}.*\n)+/, '');
    const config = parseConfig(text, 'vault.yaml');
    expect(config.logArchive.trailBucket.mfaDelete).toBe('vault');
    expect(config.logArchive.trailBucket.lifecycle).toBeUndefined();
  });
});

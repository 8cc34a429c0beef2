import { parseConfig } from '../../lib/config/loader';
import { SECURITY_LAKE_SOURCE_VERSIONS } from '../../lib/config/security-lake';
import { EXAMPLE, exampleWith, expectOneProblem } from '../support/config-text';

const SIEM_PLACEHOLDER = [
  '  # siem:',
  "  #   accountId: '555555555555'   # the SIEM vendor's AWS account",
  '  #   externalId: vendor-given-id # the external ID the vendor gave you',
  '  #   endpoint: https://siem.example.com/security-lake',
].join('\n');

function exampleWithSiem(siem: { accountId?: string; externalId?: string; endpoint?: string } = {}): string {
  const { accountId = '555555555555', externalId = 'vendor-given-id', endpoint = 'https://siem.example.com/sl' } = siem;
  return exampleWith(
    SIEM_PLACEHOLDER,
    `  siem:\n    accountId: '${accountId}'\n    externalId: '${externalId}'\n    endpoint: '${endpoint}'`,
  );
}

const DEFAULT_SOURCES = [
  '  sources:',
  ...['CLOUD_TRAIL_MGMT', 'SH_FINDINGS', 'VPC_FLOW', 'ROUTE53', 'EKS_AUDIT', 'LAMBDA_EXECUTION'].map(
    (s) => `    ${s}: '2.0'`,
  ),
  '',
].join('\n');

const EXPIRATION = [
  '    # Days after which objects are deleted (later than the last transition).',
  '    expireAfterDays: 365',
].join('\n');

describe('securityLake config', () => {
  test('is off with secure defaults when the section is omitted', () => {
    const config = parseConfig(
      [
        'organization: { id: o-abcdefghij, rootId: r-ab12 }',
        "accounts: { management: '111111111111', logArchive: '222222222222', audit: '333333333333' }",
        'regions: { home: us-east-1, governed: [us-east-1] }',
      ].join('\n'),
      'minimal.yaml',
    );
    expect(config.securityLake).toEqual({
      enabled: false,
      sources: {
        CLOUD_TRAIL_MGMT: '2.0',
        SH_FINDINGS: '2.0',
        VPC_FLOW: '2.0',
        ROUTE53: '2.0',
        EKS_AUDIT: '2.0',
        LAMBDA_EXECUTION: '2.0',
      },
      lifecycle: {
        transitions: [
          { storageClass: 'STANDARD_IA', days: 30 },
          { storageClass: 'GLACIER_IR', days: 90 },
        ],
        expireAfterDays: 365,
      },
    });
    // S3 data events are opt-in for cost.
    expect(config.securityLake.sources).not.toHaveProperty('S3_DATA');
  });

  test('the example turns Security Lake on without a rollup region or SIEM', () => {
    const { securityLake } = parseConfig(EXAMPLE, 'example.yaml');
    expect(securityLake.enabled).toBe(true);
    expect(securityLake.rollupRegion).toBeUndefined();
    expect(securityLake.siem).toBeUndefined();
  });

  test('accepts every source at every version the service offers', () => {
    const all = Object.entries(SECURITY_LAKE_SOURCE_VERSIONS).flatMap(([name, versions]) =>
      versions.map((version) => [name, version] as const),
    );
    for (const [name, version] of all) {
      const config = parseConfig(exampleWith(DEFAULT_SOURCES, `  sources:\n    ${name}: '${version}'\n`), 'one.yaml');
      expect(config.securityLake.sources).toEqual({ [name]: version });
    }
  });

  test('accepts a rollup region among the governed regions and an HTTPS SIEM', () => {
    const text = exampleWithSiem().replace('  # rollupRegion: eu-west-1', '  rollupRegion: eu-central-1');
    const { securityLake } = parseConfig(text, 'rollup.yaml');
    expect(securityLake.rollupRegion).toBe('eu-central-1');
    expect(securityLake.siem).toEqual({
      accountId: '555555555555',
      externalId: 'vendor-given-id',
      endpoint: 'https://siem.example.com/sl',
    });
  });

  // Each case: [name, broken config, key path the message must name, text the message must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'an unknown source name',
      exampleWith("    CLOUD_TRAIL_MGMT: '2.0'", "    CLOUDTRAIL: '2.0'"),
      'securityLake.sources.CLOUDTRAIL',
      'must be a Security Lake source name (CLOUD_TRAIL_MGMT, LAMBDA_EXECUTION, S3_DATA, ROUTE53, SH_FINDINGS, VPC_FLOW, EKS_AUDIT, WAF), got "CLOUDTRAIL"',
    ],
    [
      'a version the service does not offer for that source',
      exampleWith("    EKS_AUDIT: '2.0'", "    EKS_AUDIT: '1.0'"),
      'securityLake.sources.EKS_AUDIT',
      'must be a version Security Lake offers for EKS_AUDIT (2.0), got "1.0"',
    ],
    [
      'an unknown version',
      exampleWith("    VPC_FLOW: '2.0'", "    VPC_FLOW: '3.0'"),
      'securityLake.sources.VPC_FLOW',
      'must be a version Security Lake offers for VPC_FLOW (1.0, 2.0), got "3.0"',
    ],
    [
      'an unquoted version, which YAML reads as a number',
      exampleWith("    ROUTE53: '2.0'", '    ROUTE53: 2.0'),
      'securityLake.sources.ROUTE53',
      "must be a source version such as '2.0' (quote it in YAML), got 2",
    ],
    [
      'no sources at all',
      exampleWith(DEFAULT_SOURCES, '  sources: {}\n'),
      'securityLake.sources',
      'must name at least one source',
    ],
    [
      'expiration before the last transition',
      exampleWith(EXPIRATION, EXPIRATION.replace('365', '60')),
      'securityLake.lifecycle.expireAfterDays',
      'must be later than the last transition (GLACIER_IR after 90 days), got 60',
    ],
    [
      'expiration on the day of the last transition',
      exampleWith(EXPIRATION, EXPIRATION.replace('365', '90')),
      'securityLake.lifecycle.expireAfterDays',
      'must be later than the last transition (GLACIER_IR after 90 days), got 90',
    ],
    [
      'transitions out of order',
      exampleWith('        days: 90', '        days: 30'),
      'securityLake.lifecycle.transitions.1.days',
      'must be later than transitions.0.days (30), got 30',
    ],
    [
      'an infrequent-access transition earlier than S3 allows',
      exampleWith('        days: 30', '        days: 7'),
      'securityLake.lifecycle.transitions.0.days',
      'must be at least 30 for STANDARD_IA; S3 refuses earlier moves, got 7',
    ],
    [
      'an unknown storage class',
      exampleWith('      - storageClass: GLACIER_IR', '      - storageClass: GLACIER_FLEXIBLE'),
      'securityLake.lifecycle.transitions.1.storageClass',
      'GLACIER_FLEXIBLE',
    ],
    [
      'a negative expiration',
      exampleWith(EXPIRATION, EXPIRATION.replace('365', '-1')),
      'securityLake.lifecycle.expireAfterDays',
      'expireAfterDays must be at least 1 days, got -1',
    ],
    [
      'a rollup region outside the governed regions',
      exampleWith('  # rollupRegion: eu-west-1', '  rollupRegion: us-east-1'),
      'securityLake.rollupRegion',
      'must be one of regions.governed (eu-west-1, eu-central-1), got "us-east-1"',
    ],
    [
      'a rollup region where Security Lake is not available',
      exampleWith('  # rollupRegion: eu-west-1', '  rollupRegion: eu-south-1').replace(
        '    - eu-central-1',
        '    - eu-central-1\n    - eu-south-1',
      ),
      'securityLake.rollupRegion',
      'must be a region where Security Lake is available (eu-west-1, eu-central-1), got "eu-south-1"',
    ],
    [
      'a rollup region that does not exist',
      exampleWith('  # rollupRegion: eu-west-1', '  rollupRegion: eu-westt-1'),
      'securityLake.rollupRegion',
      'eu-westt-1',
    ],
    [
      'a SIEM endpoint that is not HTTPS',
      exampleWithSiem({ endpoint: 'http://siem.example.com/sl' }),
      'securityLake.siem.endpoint',
      'must be an https:// URL, got "http://siem.example.com/sl"',
    ],
    [
      'a SIEM account ID of the wrong shape',
      exampleWithSiem({ accountId: '55555' }),
      'securityLake.siem.accountId',
      'must be a 12-digit AWS account ID, got "55555"',
    ],
    [
      'a SIEM external ID with a space',
      exampleWithSiem({ externalId: 'vendor id' }),
      'securityLake.siem.externalId',
      '"vendor id"',
    ],
    [
      'a misspelled key',
      exampleWith('  # rollupRegion: eu-west-1', '  rolupRegion: eu-west-1'),
      'securityLake.rolupRegion',
      'unknown key',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, shown) => expectOneProblem(text, key, shown));
});

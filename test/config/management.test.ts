import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWith, minimalConfig, expectOneProblem } from '../support/config-text';

const MINIMAL = minimalConfig(['us-east-1']);

describe('management config', () => {
  test('a config without the section gets secure defaults: all management events, no Lake, SCPs on the root, the 0.2 Security Hub designation kept', () => {
    expect(parseConfig(MINIMAL, 'minimal.yaml').management).toEqual({
      trail: {
        managementEvents: 'all',
        insights: [],
        dataEvents: { s3: 'none', lambda: false },
        cloudWatchLogs: { retentionDays: 365 },
      },
      cloudTrailLake: { enabled: false, billingMode: 'EXTENDABLE_RETENTION_PRICING', retentionDays: 366 },
      guardrails: { targets: ['root'] },
      legacySecurityHubAdmin: true,
    });
  });

  test('a Management stack that does not exist yet may leave the 0.2 Security Hub designation out', () => {
    const text = exampleWith('  legacySecurityHubAdmin: true', '  legacySecurityHubAdmin: false');
    expect(parseConfig(text, 'fresh.yaml').management.legacySecurityHubAdmin).toBe(false);
  });

  test('the example enables CloudTrail Lake, so the whole design is visible', () => {
    expect(parseConfig(EXAMPLE, 'example.yaml').management.cloudTrailLake.enabled).toBe(true);
  });

  test('accepts the longest retention each billing mode allows, Insights and OU targets', () => {
    const text = [
      'organization: { id: o-abcdefghij, rootId: r-ab12, organizationalUnits: { Workloads: ou-ab12-cd34ef56 } }',
      MINIMAL.split('\n').slice(1).join('\n'),
      'management:',
      '  trail: { insights: [ApiCallRateInsight, ApiErrorRateInsight], dataEvents: { s3: writeOnly } }',
      '  cloudTrailLake: { enabled: true, billingMode: FIXED_RETENTION_PRICING, retentionDays: 2557 }',
      '  guardrails: { targets: [root, Workloads] }',
    ].join('\n');
    const management = parseConfig(text, 'ok.yaml').management;
    expect(management.cloudTrailLake.retentionDays).toBe(2557);
    expect(management.guardrails.targets).toEqual(['root', 'Workloads']);
    expect(management.trail.insights).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
    const extendable = exampleWith('    retentionDays: 366', '    retentionDays: 3653');
    expect(parseConfig(extendable, 'ok.yaml').management.cloudTrailLake.retentionDays).toBe(3653);
  });

  // Each case: [name, broken config, key path the message must name, text the message must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'a Lake retention beyond fixed retention pricing',
      exampleWith(
        "billingMode: EXTENDABLE_RETENTION_PRICING\n    # Days events are kept, within the billing mode's limits.\n    retentionDays: 366",
        'billingMode: FIXED_RETENTION_PRICING\n    retentionDays: 3000',
      ),
      'management.cloudTrailLake.retentionDays',
      'must be at most 2557 days with billingMode FIXED_RETENTION_PRICING',
    ],
    [
      'a Lake retention beyond any billing mode',
      exampleWith('    retentionDays: 366', '    retentionDays: 4000'),
      'management.cloudTrailLake.retentionDays',
      '4000',
    ],
    [
      'a Lake retention under seven days',
      exampleWith('    retentionDays: 366', '    retentionDays: 6'),
      'management.cloudTrailLake.retentionDays',
      'must be at least 7 days, got 6',
    ],
    [
      'an unknown billing mode',
      exampleWith('billingMode: EXTENDABLE_RETENTION_PRICING', 'billingMode: EXTENDABLE'),
      'management.cloudTrailLake.billingMode',
      'EXTENDABLE',
    ],
    [
      'a guardrail target that is no configured OU',
      exampleWith('    targets: [root]', '    targets: [root, Workload]'),
      'management.guardrails.targets.1',
      'must be \'root\' or an OU named in organization.organizationalUnits (root, Security, Workloads), got "Workload"',
    ],
    [
      'no guardrail target at all',
      exampleWith('    targets: [root]', '    targets: []'),
      'management.guardrails.targets',
      'must name at least one target',
    ],
    [
      'a guardrail target listed twice',
      exampleWith('    targets: [root]', '    targets: [Workloads, Workloads]'),
      'management.guardrails.targets.1',
      'lists a target twice, got "Workloads"',
    ],
    [
      'a misspelled Insights type',
      exampleWith('    insights: []', '    insights: [ApiCallRateInsights]'),
      'management.trail.insights.0',
      'must be ApiCallRateInsight or ApiErrorRateInsight, got "ApiCallRateInsights"',
    ],
    [
      'an Insights type listed twice',
      exampleWith('    insights: []', '    insights: [ApiErrorRateInsight, ApiErrorRateInsight]'),
      'management.trail.insights.1',
      'lists an Insights type twice, got "ApiErrorRateInsight"',
    ],
    [
      'a log retention CloudWatch Logs does not offer',
      exampleWith('      retentionDays: 365', '      retentionDays: 100'),
      'management.trail.cloudWatchLogs.retentionDays',
      'must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 100',
    ],
    [
      'an unknown S3 data event choice',
      exampleWith('      s3: none', '      s3: writes'),
      'management.trail.dataEvents.s3',
      'must be none, writeOnly or all, got "writes"',
    ],
    [
      'an unknown management event choice',
      exampleWith('    managementEvents: all', '    managementEvents: write'),
      'management.trail.managementEvents',
      'must be all or writeOnly, got "write"',
    ],
    [
      'a legacy Security Hub designation that is no boolean',
      exampleWith('  legacySecurityHubAdmin: true', '  legacySecurityHubAdmin: keep'),
      'management.legacySecurityHubAdmin',
      'must be true or false',
    ],
    [
      'a misspelled key',
      exampleWith('  cloudTrailLake:', '  cloudtrailLake:'),
      'management.cloudtrailLake',
      'unknown key',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, shown) => expectOneProblem(text, key, shown));
});

import { alertRoutes, healthRegions } from '../../lib/config/alerts';
import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWith, expectOneProblem } from '../support/config-text';

describe('alerts config', () => {
  test('the example routes the security channel to every account and the teams to their accounts', () => {
    const config = parseConfig(EXAMPLE, 'example.yaml');
    const routes = alertRoutes(config.alerts!, config.organization);
    expect(routes.map((r) => [r.name, r.slackChannelId, r.accounts])).toEqual([
      ['security', 'C0SECURITY1', undefined],
      ['payments', 'C0PAYMENTS1', ['444444444444']],
      ['workloads', 'C0WORKLOAD1', ['444444444444']],
    ]);
    expect(routes[1]).toMatchObject({ guardDutySeverity: 4, securityHubSeverity: 'MEDIUM' });
  });

  test('a minimal section gets secure defaults: read-only guardrail, logging, every kind, high severity', () => {
    const text = `${EXAMPLE.split('\nalerts:\n')[0]}\nalerts:\n  slackWorkspaceId: T0EXAMPLE1\n  security:\n    slackChannelId: C0SECURITY1\n`;
    const alerts = parseConfig(text, 'minimal.yaml').alerts!;
    expect(alerts).toEqual({
      slackWorkspaceId: 'T0EXAMPLE1',
      guardrail: 'readOnly',
      loggingLevel: 'INFO',
      security: {
        slackChannelId: 'C0SECURITY1',
        threshold: { guardDuty: 7, securityHub: 'HIGH', inspector: 'HIGH' },
        kinds: ['guardDuty', 'securityHub', 'configCompliance', 'trailTampering', 'rootSignIn', 'health', 'inspector'],
      },
      teams: [],
      ouAccounts: {},
    });
  });

  test('Health regions default to the governed regions, and may be chosen apart from them', () => {
    const example = parseConfig(EXAMPLE, 'example.yaml');
    expect(healthRegions(example.alerts!, example.regions.governed)).toEqual(['eu-west-1', 'eu-central-1']);
    const tokyo = parseConfig(exampleWith('  # health:\n  #   regions: [', '  health:\n    regions: ['), 'tokyo.yaml');
    expect(healthRegions(tokyo.alerts!, tokyo.regions.governed)).toEqual([
      'ap-northeast-1',
      'ap-northeast-3',
      'us-east-1',
    ]);
  });

  test('without the section there is no alerting', () => {
    const text = EXAMPLE.split('\n# Slack alerts through')[0];
    expect(parseConfig(text, 'none.yaml').alerts).toBeUndefined();
  });

  test('an account named by its ID resolves to itself, and OUs add their accounts once', () => {
    const text = exampleWith('accounts: [payments-prod]', "accounts: ['333333333333', payments-prod]").replace(
      'ous: [Workloads]',
      'ous: [Workloads]\n      accounts: [payments-prod]',
    );
    const config = parseConfig(text, 'ids.yaml');
    const [, payments, workloads] = alertRoutes(config.alerts!, config.organization);
    expect(payments.accounts).toEqual(['333333333333', '444444444444']);
    expect(workloads.accounts).toEqual(['444444444444']);
  });

  // Each case: [name, broken config, key path the message must name, bad value or words it must show]
  const withHealth = (regions: string) =>
    exampleWith(
      '  # health:\n  #   regions: [ap-northeast-1, ap-northeast-3, us-east-1]',
      `  health:\n    regions: ${regions}`,
    );
  const cases: Array<[string, string, string, string]> = [
    [
      'a Health region that does not exist',
      withHealth('[ap-northeast-1, tokyo-1]'),
      'alerts.health.regions.1',
      '"tokyo-1"',
    ],
    [
      'global as a Health region',
      withHealth('[global]'),
      'alerts.health.regions.0',
      'global events are always included',
    ],
    [
      'a Health region listed twice',
      withHealth('[us-east-1, ap-northeast-1, us-east-1]'),
      'alerts.health.regions.2',
      'lists a region twice',
    ],
    ['no Health region', withHealth('[]'), 'alerts.health.regions', 'must list at least one region'],
    [
      'a workspace ID of the wrong shape',
      exampleWith('slackWorkspaceId: T0EXAMPLE1', 'slackWorkspaceId: my-workspace'),
      'alerts.slackWorkspaceId',
      '"my-workspace"',
    ],
    [
      'a channel name instead of a channel ID',
      exampleWith('slackChannelId: C0PAYMENTS1', 'slackChannelId: payments-alerts'),
      'alerts.teams.0.slackChannelId',
      '"payments-alerts"',
    ],
    [
      'a direct-message channel ID',
      exampleWith('slackChannelId: C0SECURITY1', 'slackChannelId: D0SECURITY1'),
      'alerts.security.slackChannelId',
      '"D0SECURITY1"',
    ],
    [
      'a route naming an unknown account',
      exampleWith('accounts: [payments-prod]', 'accounts: [payments-dev]'),
      'alerts.teams.0.accounts.0',
      '"payments-dev"',
    ],
    [
      'a route naming an account ID the config does not know',
      exampleWith('accounts: [payments-prod]', "accounts: ['999999999999']"),
      'alerts.teams.0.accounts.0',
      '"999999999999"',
    ],
    [
      'a route naming an unknown OU',
      exampleWith('ous: [Workloads]', 'ous: [Sandbox]'),
      'alerts.teams.1.ous.0',
      '"Sandbox"',
    ],
    [
      'a route by OU whose accounts are not listed',
      exampleWith('    Workloads: [payments-prod]', '    Security: [payments-prod]'),
      'alerts.teams.1.ous.0',
      'has no accounts listed in alerts.ouAccounts.Workloads',
    ],
    [
      'OU accounts for an unknown OU',
      exampleWith('    Workloads: [payments-prod]', '    Workloads: [payments-prod]\n    Sandbox: [payments-prod]'),
      'alerts.ouAccounts.Sandbox',
      '"Sandbox"',
    ],
    [
      'OU accounts naming an unknown account',
      exampleWith('    Workloads: [payments-prod]', '    Workloads: [payments-qa]'),
      'alerts.ouAccounts.Workloads.0',
      '"payments-qa"',
    ],
    [
      'a GuardDuty severity above the service range',
      exampleWith('guardDuty: 7', 'guardDuty: 12'),
      'alerts.security.threshold.guardDuty',
      'must be a GuardDuty severity from 1.0 to 10.0, got 12',
    ],
    [
      'a GuardDuty severity below the service range',
      exampleWith('guardDuty: 4', 'guardDuty: 0.5'),
      'alerts.teams.0.threshold.guardDuty',
      'must be a GuardDuty severity from 1.0 to 10.0, got 0.5',
    ],
    [
      'an Inspector severity that is not a label',
      exampleWith('      inspector: HIGH', '      inspector: UNTRIAGED'),
      'alerts.security.threshold.inspector',
      'must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, got "UNTRIAGED"',
    ],
    [
      'a Security Hub severity that is not a label',
      exampleWith('securityHub: HIGH', 'securityHub: SEVERE'),
      'alerts.security.threshold.securityHub',
      'must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, got "SEVERE"',
    ],
    [
      'an unknown kind of alert',
      exampleWith('kinds: [guardDuty, securityHub, health]', 'kinds: [guardDuty, macie]'),
      'alerts.teams.1.kinds.1',
      '"macie"',
    ],
    [
      'a team channel that is already the security channel',
      exampleWith('slackChannelId: C0PAYMENTS1', 'slackChannelId: C0SECURITY1'),
      'alerts.teams.0.slackChannelId',
      'one configuration per Slack channel',
    ],
    [
      'a team taking the name of the security route',
      exampleWith('- name: payments', '- name: security'),
      'alerts.teams.0.name',
      'is already the name of a route',
    ],
    [
      'a team with neither accounts nor OUs',
      exampleWith('ous: [Workloads]', 'ous: []'),
      'alerts.teams.1.accounts',
      'must name at least one account',
    ],
    [
      'a misspelled key',
      exampleWith('  guardrail: readOnly', '  guardrails: readOnly'),
      'alerts.guardrails',
      'unknown key',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, value) => expectOneProblem(text, key, value));
});

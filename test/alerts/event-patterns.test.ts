import { matchesEventPattern, type EventPattern } from '../../lib/alerts/event-pattern-matcher';
import {
  configNonCompliance,
  guardDutyFindings,
  healthEvents,
  inspectorFindings,
  rootSignIn,
  securityHubFindings,
  severitiesAtOrAbove,
  trailTampering,
} from '../../lib/alerts/event-patterns';
import { ROOT_SIGN_IN_NOTIFICATION, TRAIL_TAMPERING_NOTIFICATION } from '../../lib/alerts/custom-notifications';
import { SAMPLE_EVENTS, sampleEvent, transformInput } from '../support/events';

const PAYMENTS = '444444444444';
const OTHER = '555555555555';
/** Baseline rule names; an organization conformance pack suffixes them in each account. */
const BASELINE_RULES = ['cloudtrail-enabled', 's3-bucket-public-read-prohibited'];

/** The names of every sample event the pattern matches. */
function matched(pattern: EventPattern): string[] {
  return SAMPLE_EVENTS.filter((name) => matchesEventPattern(pattern, sampleEvent(name)));
}

describe('event patterns against the sample events', () => {
  // Each pattern is run against EVERY fixture, so a near-miss of one kind is
  // also a near-miss for all the others.
  const cases: Array<[string, EventPattern, string[]]> = [
    [
      'GuardDuty at 7.0+ matches high and critical findings',
      guardDutyFindings({ minSeverity: 7 }),
      ['guardduty-finding-critical', 'guardduty-finding-high'],
    ],
    [
      'GuardDuty at 8.0+ includes a finding of exactly 8',
      guardDutyFindings({ minSeverity: 8 }),
      ['guardduty-finding-critical', 'guardduty-finding-high'],
    ],
    [
      'GuardDuty at 8.1+ leaves the finding of 8 out',
      guardDutyFindings({ minSeverity: 8.1 }),
      ['guardduty-finding-critical'],
    ],
    [
      'GuardDuty at 4.0+ adds the medium finding',
      guardDutyFindings({ minSeverity: 4 }),
      ['guardduty-finding-critical', 'guardduty-finding-high', 'guardduty-finding-medium'],
    ],
    [
      'GuardDuty limited to an account matches by the finding account, not the administrator',
      guardDutyFindings({ minSeverity: 1, accounts: [OTHER] }),
      ['guardduty-finding-medium'],
    ],
    [
      'GuardDuty limited to the administrator account matches none of its members findings',
      guardDutyFindings({ minSeverity: 1, accounts: ['333333333333'] }),
      [],
    ],
    [
      'Security Hub at HIGH+ matches new active findings, GuardDuty ones included',
      securityHubFindings({ minSeverity: 'HIGH' }),
      ['securityhub-finding-critical-new', 'securityhub-guardduty-finding'],
    ],
    [
      'Security Hub excluding GuardDuty leaves its findings to the GuardDuty rule',
      securityHubFindings({ minSeverity: 'HIGH', excludeProducts: ['GuardDuty'] }),
      ['securityhub-finding-critical-new'],
    ],
    [
      'Security Hub at MEDIUM+ adds the medium finding, never notified or archived ones',
      securityHubFindings({ minSeverity: 'MEDIUM' }),
      ['securityhub-finding-critical-new', 'securityhub-finding-medium-new', 'securityhub-guardduty-finding'],
    ],
    [
      'Security Hub at CRITICAL matches the critical finding only',
      securityHubFindings({ minSeverity: 'CRITICAL' }),
      ['securityhub-finding-critical-new'],
    ],
    [
      'Security Hub limited to another account matches nothing',
      securityHubFindings({ minSeverity: 'INFORMATIONAL', accounts: [OTHER] }),
      [],
    ],
    [
      'Config matches baseline rules (as conformance packs name them) turning NON_COMPLIANT',
      configNonCompliance({ ruleNamePrefixes: BASELINE_RULES }),
      ['config-compliance-non-compliant', 'config-compliance-trail-rule-non-compliant'],
    ],
    [
      'Config limited to an account',
      configNonCompliance({ ruleNamePrefixes: BASELINE_RULES, accounts: [PAYMENTS] }),
      ['config-compliance-non-compliant'],
    ],
    [
      'CloudTrail tampering matches stopping, deleting and blinding, also when denied',
      trailTampering(),
      ['cloudtrail-delete-event-data-store', 'cloudtrail-put-event-selectors-denied', 'cloudtrail-stop-logging'],
    ],
    [
      'CloudTrail tampering limited to an account',
      trailTampering({ accounts: [PAYMENTS] }),
      ['cloudtrail-put-event-selectors-denied'],
    ],
    [
      'root sign-in matches successful and failed root sign-ins, not IAM users',
      rootSignIn(),
      ['signin-root-console-login', 'signin-root-console-login-failure'],
    ],
    ['root sign-in limited to an account', rootSignIn({ accounts: [PAYMENTS] }), ['signin-root-console-login']],
    [
      'Health matches the governed regions and global events',
      healthEvents({ regions: ['eu-west-1', 'eu-central-1'] }),
      ['health-global-account-notification', 'health-public-issue', 'health-scheduled-change'],
    ],
    [
      'Health about the account itself leaves public service issues out',
      healthEvents({ regions: ['eu-west-1', 'eu-central-1'], scope: 'ACCOUNT_SPECIFIC' }),
      ['health-global-account-notification', 'health-scheduled-change'],
    ],
    [
      'public Health events of the governed regions only',
      healthEvents({ regions: ['eu-west-1', 'eu-central-1'], scope: 'PUBLIC' }),
      ['health-public-issue'],
    ],
    [
      'Health limited to another account matches nothing',
      healthEvents({ regions: ['eu-west-1', 'ap-southeast-2'], accounts: [OTHER] }),
      [],
    ],
    [
      'Inspector at HIGH+ matches the active high and critical findings of every scan type',
      inspectorFindings({ minSeverity: 'HIGH' }),
      ['inspector-finding-lambda-code-critical', 'inspector-finding-lambda-high'],
    ],
    [
      'Inspector at MEDIUM+ adds the EC2 network and ECR findings, never a closed one',
      inspectorFindings({ minSeverity: 'MEDIUM' }),
      [
        'inspector-finding-ec2-network-medium',
        'inspector-finding-ecr-medium',
        'inspector-finding-lambda-code-critical',
        'inspector-finding-lambda-high',
      ],
    ],
    [
      'Inspector at CRITICAL matches the Lambda code finding only',
      inspectorFindings({ minSeverity: 'CRITICAL' }),
      ['inspector-finding-lambda-code-critical'],
    ],
    [
      'Inspector limited to an account matches by the affected account, not the administrator',
      inspectorFindings({ minSeverity: 'INFORMATIONAL', accounts: [OTHER] }),
      ['inspector-finding-ec2-network-medium', 'inspector-finding-lambda-high'],
    ],
    [
      'Inspector limited to the administrator account matches none of its members findings',
      inspectorFindings({ minSeverity: 'INFORMATIONAL', accounts: ['333333333333'] }),
      [],
    ],
  ];

  test.each(cases)('%s', (_name, pattern, expected) => {
    expect(matched(pattern)).toEqual([...expected].sort());
  });

  test('every sample event is matched by some pattern or is a named near-miss', () => {
    const all = [
      guardDutyFindings({ minSeverity: 1 }),
      securityHubFindings({ minSeverity: 'INFORMATIONAL' }),
      configNonCompliance({ ruleNamePrefixes: BASELINE_RULES }),
      trailTampering(),
      rootSignIn(),
      healthEvents({ regions: ['eu-west-1', 'eu-central-1'] }),
      inspectorFindings({ minSeverity: 'INFORMATIONAL' }),
    ];
    const unmatched = SAMPLE_EVENTS.filter((name) => !all.some((p) => matchesEventPattern(p, sampleEvent(name))));
    expect(unmatched).toEqual([
      'cloudtrail-create-trail',
      'cloudtrail-start-logging',
      'config-compliance-compliant',
      'config-compliance-team-rule',
      'health-issue-ungoverned-region',
      'inspector-finding-ec2-package-closed',
      'securityhub-finding-high-archived',
      'securityhub-finding-high-notified',
      'signin-iam-user-console-login',
    ]);
  });

  test('Security Hub labels at or above a threshold', () => {
    expect(severitiesAtOrAbove('HIGH')).toEqual(['CRITICAL', 'HIGH']);
    expect(severitiesAtOrAbove('INFORMATIONAL')).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
  });

  test('fails when a GuardDuty severity is outside 1.0-10.0', () => {
    expect(() => guardDutyFindings({ minSeverity: 0.5 })).toThrow('minSeverity must be from 1.0 to 10.0, got 0.5');
    expect(() => guardDutyFindings({ minSeverity: 11 })).toThrow('got 11');
  });

  test('fails when an account filter is empty or not an account ID', () => {
    expect(() => rootSignIn({ accounts: [] })).toThrow('accounts must list at least one account');
    expect(() => rootSignIn({ accounts: ['payments-prod'] })).toThrow(
      'accounts must be 12-digit account IDs, got payments-prod',
    );
  });

  test('fails when no Config rule prefix is given', () => {
    expect(() => configNonCompliance({ ruleNamePrefixes: [] })).toThrow('ruleNamePrefixes must name at least one');
  });
});

describe('custom notifications', () => {
  test.each(['cloudtrail-stop-logging', 'cloudtrail-delete-event-data-store', 'cloudtrail-put-event-selectors-denied'])(
    'CloudTrail tampering (%s) becomes a Chatbot custom notification naming the call, account and caller',
    (name) => {
      const event = sampleEvent(name);
      const message = transformInput(TRAIL_TAMPERING_NOTIFICATION, event) as any;
      expect(message).toMatchObject({ version: '1.0', source: 'custom', id: event.id });
      expect(message.content.textType).toBe('client-markdown');
      expect(message.content.title).toBe(
        `:rotating_light: CloudTrail tampering: ${event.detail.eventName} in account ${event.account}`,
      );
      expect(message.content.description).toContain(event.detail.userIdentity.arn);
      expect(message.content.description).toContain(`region ${event.region}`);
      expect(message.metadata.additionalContext).toEqual({ account: event.account, region: event.region });
    },
  );

  test('a root sign-in becomes a notification with its result and MFA use', () => {
    const message = transformInput(ROOT_SIGN_IN_NOTIFICATION, sampleEvent('signin-root-console-login-failure')) as any;
    expect(message.content.title).toBe(':rotating_light: Root user sign-in (Failure) in account 555555555555');
    expect(message.content.description).toContain('MFA used: *No*');
    expect(message.content.description).toContain('from 198.51.100.200');
  });

  test('fails when the event lacks a field the message needs', () => {
    const event = sampleEvent('signin-root-console-login');
    delete event.detail.additionalEventData;
    expect(() => transformInput(ROOT_SIGN_IN_NOTIFICATION, event)).toThrow('<mfaUsed>: the event has nothing');
  });
});

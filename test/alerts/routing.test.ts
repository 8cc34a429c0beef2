import { matchesEventPattern } from '../../lib/alerts/event-pattern-matcher';
import { ALERT_KINDS } from '../../lib/alerts/event-patterns';
import {
  EVENT_PATTERN_MAX_LENGTH,
  forwardingRules,
  funnelRules,
  publicHealthForwardingRule,
  regionalGuardDutyForwardingRule,
  regionalInspectorForwardingRule,
  routeRules,
  type AlertRoute,
  type AlertRule,
  type RoutingContext,
} from '../../lib/alerts/routing';
import { SAMPLE_EVENTS, sampleEvent, transformInput } from '../support/events';

const CONTEXT: RoutingContext = {
  governedRegions: ['eu-west-1', 'eu-central-1'],
  configRuleNamePrefixes: ['cloudtrail-enabled', 's3-bucket-public-read-prohibited'],
};

const SECURITY: AlertRoute = {
  name: 'security',
  slackChannelId: 'C0SECURITY1',
  kinds: ALERT_KINDS,
  guardDutySeverity: 7,
  securityHubSeverity: 'HIGH',
  inspectorSeverity: 'HIGH',
};

const PAYMENTS: AlertRoute = {
  name: 'payments',
  slackChannelId: 'C0PAYMENTS1',
  kinds: ['guardDuty', 'securityHub', 'configCompliance', 'health', 'inspector'],
  guardDutySeverity: 4,
  securityHubSeverity: 'MEDIUM',
  inspectorSeverity: 'MEDIUM',
  accounts: ['444444444444'],
};

/** The sample events a set of rules sends on, i.e. what reaches the channel. */
function delivered(rules: readonly AlertRule[]): string[] {
  return SAMPLE_EVENTS.filter((name) =>
    rules.some((rule) => matchesEventPattern(rule.eventPattern, sampleEvent(name))),
  );
}

describe('routing', () => {
  describe('the security route', () => {
    const rules = routeRules(SECURITY, CONTEXT);

    test('has one rule per kind, with stable IDs', () => {
      expect(rules.map((r) => r.id)).toEqual([
        'GuardDutyFindings',
        'SecurityHubFindings',
        'ConfigNonCompliance',
        'TrailTampering',
        'RootSignIn',
        'HealthEvents',
        'InspectorFindings',
      ]);
    });

    test('receives every account at or above its thresholds, and no near-miss', () => {
      expect(delivered(rules)).toEqual([
        'cloudtrail-delete-event-data-store',
        'cloudtrail-put-event-selectors-denied',
        'cloudtrail-stop-logging',
        'config-compliance-non-compliant',
        'config-compliance-trail-rule-non-compliant',
        'guardduty-finding-critical',
        'guardduty-finding-high',
        'health-global-account-notification',
        'health-public-issue',
        'health-scheduled-change',
        'inspector-finding-lambda-code-critical',
        'inspector-finding-lambda-high',
        'securityhub-finding-critical-new',
        'signin-root-console-login',
        'signin-root-console-login-failure',
      ]);
    });

    test('sends a GuardDuty finding once: through its own rule, not again through Security Hub', () => {
      const hub = rules.find((r) => r.kind === 'securityHub')!;
      expect(matchesEventPattern(hub.eventPattern, sampleEvent('securityhub-guardduty-finding'))).toBe(false);
    });

    test('sends an Inspector finding once: through its own rule, not again through Security Hub', () => {
      const hub = rules.find((r) => r.kind === 'securityHub')!;
      const event = sampleEvent('securityhub-finding-critical-new');
      event.detail.findings[0].ProductName = 'Inspector';
      expect(matchesEventPattern(hub.eventPattern, event)).toBe(false);
      const hubOnly = routeRules({ ...SECURITY, kinds: ['securityHub'] }, CONTEXT)[0];
      expect(matchesEventPattern(hubOnly.eventPattern, event)).toBe(true);
    });

    test('turns an Inspector finding into a Slack message naming severity, finding, account and region', () => {
      const inspector = rules.find((r) => r.kind === 'inspector')!;
      expect(transformInput(inspector.input!, sampleEvent('inspector-finding-lambda-code-critical'))).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: {
          title: ':mag: Inspector CRITICAL: CWE-798 - Hardcoded credentials in account 444444444444',
          description: expect.stringContaining('CODE_VULNERABILITY in account 444444444444, region eu-central-1'),
        },
        metadata: {
          eventType: 'InspectorFinding',
          additionalContext: { account: '444444444444', region: 'eu-central-1' },
        },
      });
      // Every sample finding, whatever its scan type, fills every placeholder.
      for (const name of delivered([inspector]))
        expect(() => transformInput(inspector.input!, sampleEvent(name))).not.toThrow();
    });

    test('turns tampering, root sign-ins and Inspector findings into custom notifications, and leaves findings as they are', () => {
      expect(rules.filter((r) => r.input).map((r) => r.kind)).toEqual(['trailTampering', 'rootSignIn', 'inspector']);
      const tampering = rules.find((r) => r.kind === 'trailTampering')!;
      expect(transformInput(tampering.input!, sampleEvent('cloudtrail-stop-logging'))).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: { title: ':rotating_light: CloudTrail tampering: StopLogging in account 111111111111' },
      });
    });
  });

  describe('a team route', () => {
    const rules = routeRules(PAYMENTS, CONTEXT);

    test('takes only its kinds', () => {
      expect(rules.map((r) => r.kind)).toEqual(['guardDuty', 'securityHub', 'configCompliance', 'health', 'inspector']);
    });

    test('receives only its accounts, at its own thresholds', () => {
      expect(delivered(rules)).toEqual([
        'config-compliance-non-compliant',
        'guardduty-finding-critical',
        'guardduty-finding-high',
        'health-global-account-notification',
        'health-scheduled-change',
        'inspector-finding-ecr-medium',
        'inspector-finding-lambda-code-critical',
        'securityhub-finding-critical-new',
        'securityhub-finding-medium-new',
      ]);
    });

    test('a medium GuardDuty finding reaches a team with a lower threshold once it is in their account', () => {
      const guardDuty = rules.find((r) => r.kind === 'guardDuty')!;
      const event = sampleEvent('guardduty-finding-medium');
      expect(matchesEventPattern(guardDuty.eventPattern, event)).toBe(false);
      event.detail.accountId = '444444444444';
      expect(matchesEventPattern(guardDuty.eventPattern, event)).toBe(true);
    });

    test('without the guardDuty kind, Security Hub carries GuardDuty findings too', () => {
      const hubOnly = routeRules({ ...PAYMENTS, kinds: ['securityHub'] }, CONTEXT);
      expect(delivered(hubOnly)).toContain('securityhub-guardduty-finding');
    });
  });

  test('funnel rules move every GuardDuty finding, new Security Hub finding and active Inspector finding onto the alert bus', () => {
    expect(delivered(funnelRules())).toEqual([
      'guardduty-finding-critical',
      'guardduty-finding-high',
      'guardduty-finding-low',
      'guardduty-finding-medium',
      'inspector-finding-ec2-network-medium',
      'inspector-finding-ecr-medium',
      'inspector-finding-lambda-code-critical',
      'inspector-finding-lambda-high',
      'securityhub-finding-critical-new',
      'securityhub-finding-medium-new',
      'securityhub-guardduty-finding',
    ]);
  });

  test('forwarding rules carry every event that happens in an account, before any threshold', () => {
    expect(delivered(forwardingRules(CONTEXT))).toEqual([
      'cloudtrail-delete-event-data-store',
      'cloudtrail-put-event-selectors-denied',
      'cloudtrail-stop-logging',
      'config-compliance-non-compliant',
      'config-compliance-trail-rule-non-compliant',
      'health-global-account-notification',
      'health-scheduled-change',
      'signin-root-console-login',
      'signin-root-console-login-failure',
    ]);
    expect(delivered([regionalGuardDutyForwardingRule()])).toHaveLength(4);
    expect(delivered([regionalInspectorForwardingRule()])).toHaveLength(4);
  });

  test('public Health events are forwarded by one rule of their own, so each reaches a channel once', () => {
    expect(delivered([publicHealthForwardingRule(CONTEXT)])).toEqual(['health-public-issue']);
    expect(publicHealthForwardingRule(CONTEXT).id).toBe('PublicHealthEvents');
  });

  test('every route event that starts in an account is forwarded, so no route rule waits for an event that never comes', () => {
    const forwarded = new Set([
      ...delivered(forwardingRules(CONTEXT)),
      ...delivered([publicHealthForwardingRule(CONTEXT)]),
      ...delivered(funnelRules()),
    ]);
    expect(delivered(routeRules(SECURITY, CONTEXT)).filter((name) => !forwarded.has(name))).toEqual([]);
  });

  describe('with Health regions apart from the governed ones (a team in Tokyo)', () => {
    const TOKYO: RoutingContext = { ...CONTEXT, healthRegions: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'] };
    /** A real sample Health event, moved to another region (eventRegion and the event's own region agree). */
    const inRegion = (name: string, region: string) => {
      const event = sampleEvent(name);
      event.region = region;
      event.detail.eventRegion = region;
      event.detail.eventArn = event.detail.eventArn.replace(/^arn:aws:health:[a-z0-9-]+:/, `arn:aws:health:${region}:`);
      return event;
    };
    const matches = (rules: readonly AlertRule[], event: unknown) =>
      rules.some((r) => r.kind === 'health' && matchesEventPattern(r.eventPattern, event));

    test.each([
      ['ap-northeast-1', true],
      ['ap-northeast-3', true],
      ['us-east-1', true],
      ['eu-west-1', false],
      ['eu-central-1', false],
    ])("an account's scheduled change in %s is forwarded and alerted: %s", (region, alerted) => {
      const event = inRegion('health-scheduled-change', region);
      expect(matches(forwardingRules(TOKYO), event)).toBe(alerted);
      expect(matches(routeRules(SECURITY, TOKYO), event)).toBe(alerted);
      expect(matches(routeRules(PAYMENTS, TOKYO), event)).toBe(alerted);
    });

    test('global events are still alerted, in every route that takes Health', () => {
      const event = sampleEvent('health-global-account-notification');
      expect(matches(forwardingRules(TOKYO), event)).toBe(true);
      expect(matches(routeRules(PAYMENTS, TOKYO), event)).toBe(true);
    });

    test('public issues are forwarded by the audit account for the Health regions only', () => {
      const rule = publicHealthForwardingRule(TOKYO);
      expect(matchesEventPattern(rule.eventPattern, inRegion('health-public-issue', 'ap-northeast-3'))).toBe(true);
      expect(matchesEventPattern(rule.eventPattern, sampleEvent('health-public-issue'))).toBe(false);
    });

    test('the rules of the other kinds do not change', () => {
      const others = (rules: readonly AlertRule[]) => rules.filter((r) => r.kind !== 'health');
      expect(others(routeRules(SECURITY, TOKYO))).toEqual(others(routeRules(SECURITY, CONTEXT)));
      expect(others(forwardingRules(TOKYO))).toEqual(others(forwardingRules(CONTEXT)));
    });
  });

  test('fails when a route has so many accounts that a pattern exceeds the EventBridge limit', () => {
    const accounts = Array.from({ length: 150 }, (_, i) => String(100000000000 + i));
    expect(() => routeRules({ ...PAYMENTS, accounts }, CONTEXT)).toThrow(
      new RegExp(
        `the guardDuty event pattern of alert route payments must be at most ${EVENT_PATTERN_MAX_LENGTH} characters, got \\d+`,
      ),
    );
  });
});

import {
  INSPECTOR_FINDING_NOTIFICATION,
  ROOT_SIGN_IN_NOTIFICATION,
  TRAIL_TAMPERING_NOTIFICATION,
  type InputTransformer,
} from './custom-notifications';
import { validateEventPattern, type EventPattern } from './event-pattern-matcher';
import {
  configNonCompliance,
  GUARDDUTY_SEVERITY,
  guardDutyFindings,
  healthEvents,
  inspectorFindings,
  rootSignIn,
  securityHubFindings,
  trailTampering,
  type AlertKind,
  type InspectorSeverity,
  type SecurityHubSeverity,
} from './event-patterns';

/**
 * Which events go where, as plain data: the rules of each Slack route on the
 * audit alert bus, the rules that funnel the audit account's own findings onto
 * that bus, and the rules every other account uses to forward its events there.
 */

/** One Slack channel and the alerts it receives. */
export interface AlertRoute {
  /** Lowercase name, unique among routes (`security` for the security channel). */
  readonly name: string;
  readonly slackChannelId: string;
  readonly kinds: readonly AlertKind[];
  /** GuardDuty findings at or above this severity (1.0-10.0). */
  readonly guardDutySeverity: number;
  /** Security Hub findings at or above this label. */
  readonly securityHubSeverity: SecurityHubSeverity;
  /** Active Amazon Inspector findings at or above this label. */
  readonly inspectorSeverity: InspectorSeverity;
  /** The 12-digit accounts this route is limited to. @default - every account */
  readonly accounts?: readonly string[];
}

export interface RoutingContext {
  /** The governed regions, which every account forwards its events from. */
  readonly governedRegions: readonly string[];
  /**
   * Regions whose Health events are alerted on (global events always are).
   * @default - the governed regions
   */
  readonly healthRegions?: readonly string[];
  /** Name prefixes of the baseline AWS Config rules. */
  readonly configRuleNamePrefixes: readonly string[];
}

/** An EventBridge rule as data: what it matches and how its target shapes the message. */
export interface AlertRule {
  /** Stable PascalCase ID, unique within its route. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly description: string;
  readonly eventPattern: EventPattern;
  /** Turns the event into a Chatbot custom notification. @default - the event as it is */
  readonly input?: InputTransformer;
}

/**
 * EventBridge accepts event patterns of up to 2048 characters unless the
 * account's quota was raised (to 4096 at most).
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

const RULE_IDS: Record<AlertKind, string> = {
  guardDuty: 'GuardDutyFindings',
  securityHub: 'SecurityHubFindings',
  configCompliance: 'ConfigNonCompliance',
  trailTampering: 'TrailTampering',
  rootSignIn: 'RootSignIn',
  health: 'HealthEvents',
  inspector: 'InspectorFindings',
};

/** The rules that send a route's events to its topic, one per kind it subscribes to. */
export function routeRules(route: AlertRoute, context: RoutingContext): AlertRule[] {
  const filter = { accounts: route.accounts };
  const scope = route.accounts ? `the route's ${route.accounts.length} accounts` : 'every account';
  const rules = route.kinds.map((kind): AlertRule => {
    switch (kind) {
      case 'guardDuty':
        return rule(kind, `GuardDuty findings of severity ${route.guardDutySeverity}+ in ${scope}`, {
          eventPattern: guardDutyFindings({ minSeverity: route.guardDutySeverity, ...filter }),
        });
      case 'securityHub':
        return rule(kind, `New Security Hub findings of ${route.securityHubSeverity}+ in ${scope}`, {
          eventPattern: securityHubFindings({
            minSeverity: route.securityHubSeverity,
            // GuardDuty and Inspector findings reach Security Hub too; alert on each once, through its own rule.
            excludeProducts: [
              ...(route.kinds.includes('guardDuty') ? ['GuardDuty'] : []),
              ...(route.kinds.includes('inspector') ? ['Inspector'] : []),
            ],
            ...filter,
          }),
        });
      case 'configCompliance':
        return rule(kind, `Baseline AWS Config rules turning NON_COMPLIANT in ${scope}`, {
          eventPattern: configNonCompliance({ ruleNamePrefixes: context.configRuleNamePrefixes, ...filter }),
        });
      case 'trailTampering':
        return rule(kind, `CloudTrail trail or event data store stopped or changed in ${scope}`, {
          eventPattern: trailTampering(filter),
          input: TRAIL_TAMPERING_NOTIFICATION,
        });
      case 'rootSignIn':
        return rule(kind, `Root user console sign-in in ${scope}`, {
          eventPattern: rootSignIn(filter),
          input: ROOT_SIGN_IN_NOTIFICATION,
        });
      case 'health':
        return rule(kind, `AWS Health events for the Health regions and global ones in ${scope}`, {
          eventPattern: healthEvents({ regions: alertedHealthRegions(context), ...filter }),
        });
      case 'inspector':
        return rule(kind, `Active Inspector findings of ${route.inspectorSeverity}+ in ${scope}`, {
          eventPattern: inspectorFindings({ minSeverity: route.inspectorSeverity, ...filter }),
          input: INSPECTOR_FINDING_NOTIFICATION,
        });
    }
  });
  rules.forEach((r) => checkPattern(r, route.name));
  return rules;
}

/**
 * Kinds the audit account's home region receives for the whole organization on
 * its default bus (the GuardDuty delegated administrator and the Security Hub
 * aggregator), funnelled from there onto the alert bus at every severity.
 */
export function funnelRules(): AlertRule[] {
  return [
    rule('guardDuty', 'All GuardDuty findings the delegated administrator receives, onto the alert bus', {
      eventPattern: guardDutyFindings({ minSeverity: GUARDDUTY_SEVERITY.min }),
    }),
    rule('securityHub', 'New Security Hub findings of the aggregator, onto the alert bus', {
      eventPattern: securityHubFindings({ minSeverity: 'INFORMATIONAL' }),
    }),
    rule('inspector', 'All active Inspector findings the delegated administrator receives, onto the alert bus', {
      eventPattern: inspectorFindings({ minSeverity: 'INFORMATIONAL' }),
    }),
  ];
}

/**
 * Kinds that reach EventBridge only in the account and region where they
 * happen, forwarded from there onto the alert bus by every account.
 */
export function forwardingRules(context: RoutingContext): AlertRule[] {
  return [
    rule('trailTampering', 'Forwards CloudTrail tampering calls to the audit alert bus', {
      eventPattern: trailTampering(),
    }),
    rule('rootSignIn', 'Forwards root user sign-ins to the audit alert bus', { eventPattern: rootSignIn() }),
    rule('configCompliance', 'Forwards baseline Config rules turning NON_COMPLIANT to the audit alert bus', {
      eventPattern: configNonCompliance({ ruleNamePrefixes: context.configRuleNamePrefixes }),
    }),
    rule('health', "Forwards AWS Health events about this account's resources to the audit alert bus", {
      eventPattern: healthEvents({ regions: alertedHealthRegions(context), scope: 'ACCOUNT_SPECIFIC' }),
    }),
  ];
}

/**
 * Public Health events (a service issue in a region) reach every account
 * alike; the audit account alone forwards them, so a channel sees each once.
 */
export function publicHealthForwardingRule(context: RoutingContext): AlertRule {
  return {
    ...rule('health', 'Forwards public AWS Health events of the Health regions to the alert bus', {
      eventPattern: healthEvents({ regions: alertedHealthRegions(context), scope: 'PUBLIC' }),
    }),
    id: 'PublicHealthEvents',
  };
}

/**
 * GuardDuty's delegated administrator sees each region's findings only in that
 * region, so the audit account forwards those of its other regions home.
 */
export function regionalGuardDutyForwardingRule(): AlertRule {
  return rule('guardDuty', "Forwards this region's GuardDuty findings to the alert bus in the home region", {
    eventPattern: guardDutyFindings({ minSeverity: GUARDDUTY_SEVERITY.min }),
  });
}

/** The regions whose Health events are alerted on. */
export function alertedHealthRegions(context: RoutingContext): readonly string[] {
  return context.healthRegions ?? context.governedRegions;
}

/** Inspector's delegated administrator, like GuardDuty's, sees each region's findings only in that region. */
export function regionalInspectorForwardingRule(): AlertRule {
  return rule('inspector', "Forwards this region's active Inspector findings to the alert bus in the home region", {
    eventPattern: inspectorFindings({ minSeverity: 'INFORMATIONAL' }),
  });
}

function rule(kind: AlertKind, description: string, rest: Omit<AlertRule, 'id' | 'kind' | 'description'>): AlertRule {
  return { id: RULE_IDS[kind], kind, description, ...rest };
}

function checkPattern(r: AlertRule, routeName: string): void {
  validateEventPattern(r.eventPattern);
  const length = JSON.stringify(r.eventPattern).length;
  if (length > EVENT_PATTERN_MAX_LENGTH) {
    throw new Error(
      `the ${r.kind} event pattern of alert route ${routeName} must be at most ${EVENT_PATTERN_MAX_LENGTH} characters, got ${length}: split the route's accounts over two routes`,
    );
  }
}

import {
  alertedHealthRegions,
  forwardingRules,
  publicHealthForwardingRule,
  regionalGuardDutyForwardingRule,
  regionalInspectorForwardingRule,
  type AlertRule,
  type RoutingContext,
} from './routing';

/**
 * The forwarding rules every account runs in every region it is watched in,
 * as one definition for the StackSet template that the member accounts and
 * the management account alike run.
 */
export interface ForwardingProps {
  /** The alert bus in the audit account's home region. */
  readonly alertBusArn: string;
  /** Prefix of the forwarder role; each account and region appends its region (IAM is global). */
  readonly roleNamePrefix: string;
  /** Prefix of the rule names, so a guardrail can protect them, e.g. `lz`. */
  readonly ruleNamePrefix: string;
  readonly context: RoutingContext;
}

/** IAM role names are at most 64 characters; the longest region name has 14. */
const ROLE_NAME_PREFIX_MAX = 64 - '-'.length - 'ap-southeast-7'.length;

export function validateForwardingProps(props: ForwardingProps): void {
  if (!/^arn:aws:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.-]+$/.test(props.alertBusArn)) {
    throw new Error(`alertBusArn must be an event bus ARN, got ${props.alertBusArn}`);
  }
  if (!/^[\w+=,.@-]+$/.test(props.roleNamePrefix) || props.roleNamePrefix.length > ROLE_NAME_PREFIX_MAX) {
    throw new Error(
      `roleNamePrefix must be at most ${ROLE_NAME_PREFIX_MAX} IAM name characters, got ${props.roleNamePrefix}`,
    );
  }
}

/** The name of a forwarding rule, e.g. `lz-forward-trail-tampering`. */
export function forwardingRuleName(prefix: string, rule: AlertRule): string {
  return `${prefix}-forward-${rule.id.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase()}`;
}

/** Every forwarding rule's name, as a pattern for IAM resources. */
export function forwardingRuleNamePattern(prefix: string): string {
  return `${prefix}-forward-*`;
}

export {
  forwardingRules,
  publicHealthForwardingRule,
  regionalGuardDutyForwardingRule,
  regionalInspectorForwardingRule,
};

/**
 * The regions every account forwards from: the governed ones, the Health
 * regions (a Health event reaches EventBridge only in the region it concerns),
 * and us-east-1, where console sign-ins, calls to global services and global
 * Health events reach EventBridge even when no workload runs there.
 */
export function watchedRegions(context: RoutingContext): string[] {
  return [...new Set([...context.governedRegions, ...alertedHealthRegions(context), 'us-east-1'])];
}

import type { EventPattern } from './event-pattern-matcher';

/**
 * The EventBridge event patterns of every alert, as plain data: the rules in
 * the audit account, the forwarding rules in every other account and the tests
 * against sample events all use these builders, so what is tested is what is
 * deployed.
 */

/** The kinds of alert a route can subscribe to. */
export const ALERT_KINDS = [
  'guardDuty',
  'securityHub',
  'configCompliance',
  'trailTampering',
  'rootSignIn',
  'health',
  'inspector',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Security Hub's severity labels (ASFF `Severity.Label`), lowest first. */
export const SECURITY_HUB_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SecurityHubSeverity = (typeof SECURITY_HUB_SEVERITIES)[number];

/**
 * Amazon Inspector's severity labels, lowest first. Inspector also reports
 * UNTRIAGED, a finding not scored yet, which no threshold matches.
 */
export const INSPECTOR_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type InspectorSeverity = (typeof INSPECTOR_SEVERITIES)[number];

/** GuardDuty scores findings from 1.0 (low) to 10.0 (critical, 9.0 and up). */
export const GUARDDUTY_SEVERITY = { min: 1, max: 10 } as const;

/**
 * CloudTrail calls that stop, blind or remove the evidence: the trail's logging,
 * its event selectors, the trail itself, and the CloudTrail Lake event data store.
 */
export const TRAIL_TAMPERING_CALLS = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'DeleteEventDataStore',
  'StopEventDataStoreIngestion',
] as const;

/** Health events not tied to one region (IAM, billing, ...) carry this `eventRegion`. */
export const HEALTH_GLOBAL_REGION = 'global';

/** Limits a pattern to the accounts of a team; absent means every account. */
export interface AccountFilter {
  /** 12-digit account IDs. @default - every account */
  readonly accounts?: readonly string[];
}

export interface GuardDutyPatternOptions extends AccountFilter {
  /** Findings at or above this severity (1.0-10.0). */
  readonly minSeverity: number;
}

/** GuardDuty findings as the delegated administrator receives them; `detail.accountId` is the affected account. */
export function guardDutyFindings(options: GuardDutyPatternOptions): EventPattern {
  if (options.minSeverity < GUARDDUTY_SEVERITY.min || options.minSeverity > GUARDDUTY_SEVERITY.max) {
    throw new Error(`minSeverity must be from 1.0 to 10.0, got ${options.minSeverity}`);
  }
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      severity: [{ numeric: ['>=', options.minSeverity] }],
      ...accountField('accountId', options),
    },
  };
}

export interface SecurityHubPatternOptions extends AccountFilter {
  /** Findings at or above this label. */
  readonly minSeverity: SecurityHubSeverity;
  /**
   * Products whose findings this pattern leaves out, because another pattern of
   * the same route already alerts on them (GuardDuty findings reach Security Hub too).
   * @default - none
   */
  readonly excludeProducts?: readonly string[];
}

/** Security Hub findings that are new: active records still in the NEW workflow state. */
export function securityHubFindings(options: SecurityHubPatternOptions): EventPattern {
  const excluded = options.excludeProducts ?? [];
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: severitiesAtOrAbove(options.minSeverity) },
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW'] },
        ...(excluded.length > 0 ? { ProductName: [{ 'anything-but': [...excluded] }] } : {}),
        ...accountField('AwsAccountId', options),
      },
    },
  };
}

export interface ConfigPatternOptions extends AccountFilter {
  /**
   * Names of the baseline rules, matched as prefixes: an organization
   * conformance pack deploys each rule as `<name>-conformance-pack-<suffix>`.
   */
  readonly ruleNamePrefixes: readonly string[];
}

/** A baseline AWS Config rule turning NON_COMPLIANT for a resource. */
export function configNonCompliance(options: ConfigPatternOptions): EventPattern {
  if (options.ruleNamePrefixes.length === 0) throw new Error('ruleNamePrefixes must name at least one prefix');
  return {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    ...accountField('account', options),
    detail: {
      messageType: ['ComplianceChangeNotification'],
      configRuleName: options.ruleNamePrefixes.map((prefix) => ({ prefix })),
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  };
}

/** Calls that stop or remove the trail or the event data store, whether they succeeded or were denied. */
export function trailTampering(options: AccountFilter = {}): EventPattern {
  return {
    source: ['aws.cloudtrail'],
    'detail-type': ['AWS API Call via CloudTrail'],
    ...accountField('account', options),
    detail: {
      eventSource: ['cloudtrail.amazonaws.com'],
      eventName: [...TRAIL_TAMPERING_CALLS],
    },
  };
}

/** Console sign-ins, successful or failed, as the root user. */
export function rootSignIn(options: AccountFilter = {}): EventPattern {
  return {
    source: ['aws.signin'],
    'detail-type': ['AWS Console Sign In via CloudTrail'],
    ...accountField('account', options),
    detail: {
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['Root'] },
    },
  };
}

export interface HealthPatternOptions extends AccountFilter {
  /** The regions alerted on; global events (IAM, billing) are always included. */
  readonly regions: readonly string[];
  /**
   * `ACCOUNT_SPECIFIC` events concern the account's own resources; `PUBLIC`
   * ones are service issues that every account receives alike.
   * @default - both
   */
  readonly scope?: 'ACCOUNT_SPECIFIC' | 'PUBLIC';
}

/** AWS Health events about the given regions or the whole account. */
export function healthEvents(options: HealthPatternOptions): EventPattern {
  return {
    source: ['aws.health'],
    'detail-type': ['AWS Health Event'],
    ...accountField('account', options),
    detail: {
      eventRegion: [...options.regions, HEALTH_GLOBAL_REGION],
      ...(options.scope && { eventScopeCode: [options.scope] }),
    },
  };
}

export interface InspectorPatternOptions extends AccountFilter {
  /** Findings at or above this label. */
  readonly minSeverity: InspectorSeverity;
}

/**
 * Active Amazon Inspector findings ("Inspector2 Finding"), as the delegated
 * administrator receives them for the whole organization, one region at a
 * time; `detail.awsAccountId` is the affected account. Inspector sends an
 * event for every change of a finding, closing included: only ACTIVE ones
 * alert ("Creating custom responses to Amazon Inspector findings with Amazon
 * EventBridge").
 */
export function inspectorFindings(options: InspectorPatternOptions): EventPattern {
  return {
    source: ['aws.inspector2'],
    'detail-type': ['Inspector2 Finding'],
    detail: {
      severity: INSPECTOR_SEVERITIES.slice(INSPECTOR_SEVERITIES.indexOf(options.minSeverity)).reverse(),
      status: ['ACTIVE'],
      ...accountField('awsAccountId', options),
    },
  };
}

/** The labels at or above `label`, highest first. */
export function severitiesAtOrAbove(label: SecurityHubSeverity): SecurityHubSeverity[] {
  return SECURITY_HUB_SEVERITIES.slice(SECURITY_HUB_SEVERITIES.indexOf(label)).reverse();
}

function accountField(field: string, { accounts }: AccountFilter): Record<string, string[]> {
  if (accounts === undefined) return {};
  if (accounts.length === 0) throw new Error('accounts must list at least one account when given');
  const bad = accounts.find((a) => !/^\d{12}$/.test(a));
  if (bad !== undefined) throw new Error(`accounts must be 12-digit account IDs, got ${bad}`);
  return { [field]: [...accounts] };
}

import type { LandingZoneConfig } from '../../config/schema';
import type { LandingZoneExpectations } from '../expectations';
import type { FailureKind } from '../errors';
import type { CallerAccountSnapshot, OrgAccount, OrganizationSnapshot, PolicyAttachments } from '../snapshot';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One row of the preflight table. `fail` is a blocker; `warn` needs a decision but not a fix. */
export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /**
   * The exact change or commands that turn the row into a pass. Lines starting
   * with `$ ` are commands: the report never wraps them, so they copy whole.
   */
  readonly fix?: string;
  /**
   * The check could not run (a read failed, or the config is not about this
   * organization). Always a `warn`, and never "Ready for `cdk deploy`".
   */
  readonly unchecked?: true;
}

/** Everything a check may look at. Checks are pure functions of this. */
export interface PreflightInput {
  readonly config: LandingZoneConfig;
  /** Where the config came from, so a fix can say which file to edit. */
  readonly configPath: string;
  readonly expectations: LandingZoneExpectations;
  readonly organization: OrganizationSnapshot;
  readonly callerAccount: CallerAccountSnapshot;
  readonly policyAttachments: readonly PolicyAttachments[];
}

export type Check = (input: PreflightInput) => CheckResult | CheckResult[];

export const pass = (check: string, detail: string): CheckResult => ({ check, status: 'pass', detail });
export const warn = (check: string, detail: string, fix?: string): CheckResult => ({
  check,
  status: 'warn',
  detail,
  ...(fix ? { fix } : {}),
});
export const fail = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  status: 'fail',
  detail,
  fix,
});

/**
 * A row for a check that could not run. The fix is only what fixes that
 * failure: a denied read names the action to allow; for a timeout or an
 * unreachable endpoint the reason already says what to do, and no fix of
 * the checked thing is offered, since nothing about it is known.
 */
export function notChecked(
  check: string,
  failure: { readonly error: string; readonly kind: FailureKind },
  action?: string,
): CheckResult {
  const fix = failure.kind === 'denied' && action ? `allow ${action} for these credentials and rerun` : undefined;
  return { check, status: 'warn', detail: `not checked: ${failure.error}`, ...(fix ? { fix } : {}), unchecked: true };
}

/**
 * When the config names another organization, its account, root and OU IDs
 * mean nothing here: comparing them would print fixes (invitations,
 * deregistrations) aimed at this organization's real accounts.
 */
export function otherOrganization(input: PreflightInput, check: string): CheckResult | undefined {
  const { config, organization: org } = input;
  if (config.organization.id === org.id) return undefined;
  return {
    check,
    status: 'warn',
    detail: `not checked: the config describes ${config.organization.id}, not ${org.id} (see the organization row)`,
    unchecked: true,
  };
}

/** `222222222222 (Log Archive)`: an ID with the name people know it by. */
export function describeAccount(org: OrganizationSnapshot, accountId: string): string {
  const account = findAccount(org, accountId);
  return account?.name ? `${accountId} (${account.name})` : accountId;
}

export function findAccount(org: OrganizationSnapshot, accountId: string): OrgAccount | undefined {
  return org.accounts.find((a) => a.id === accountId);
}

/** True when preflight's credentials are the management account's, so per-account reads are about it. */
export function callerIsManagement(input: PreflightInput): boolean {
  const identity = input.callerAccount.identity;
  return 'value' in identity && identity.value.accountId === input.organization.managementAccountId;
}

/** `1 OU`, `3 OUs`; `2 policies` with the plural given. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

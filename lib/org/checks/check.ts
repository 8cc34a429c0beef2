import type { LandingZoneConfig } from '../../config/schema';
import type { LandingZoneExpectations } from '../expectations';
import type { CallerAccountSnapshot, OrgAccount, OrganizationSnapshot } from '../snapshot';

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
}

/** Everything a check may look at. Checks are pure functions of this. */
export interface PreflightInput {
  readonly config: LandingZoneConfig;
  /** Where the config came from, so a fix can say which file to edit. */
  readonly configPath: string;
  readonly expectations: LandingZoneExpectations;
  readonly organization: OrganizationSnapshot;
  readonly callerAccount: CallerAccountSnapshot;
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

/** `1 OU`, `3 OUs`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

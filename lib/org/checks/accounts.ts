import type { AccountRole } from '../expectations';
import { fail, findAccount, otherOrganization, pass, plural, warn, type Check, type CheckResult } from './check';

const LABEL: Record<AccountRole, string> = { logArchive: 'log-archive account', audit: 'audit account' };

/** log-archive and audit host stacks and delegated administration: they must be active members. */
export const checkCoreAccount =
  (role: AccountRole): Check =>
  (input): CheckResult => {
    const { config, configPath, organization: org } = input;
    const id = config.accounts[role];
    const account = findAccount(org, id);
    const check = LABEL[role];
    const elsewhere = otherOrganization(input, check);
    if (elsewhere) return elsewhere;
    if (!account) {
      return fail(
        check,
        `accounts.${role} ${id} is not a member of ${org.id}`,
        `set accounts.${role} in ${configPath} to an account of the organization, or invite this one and accept the handshake in ${id}:\n$ aws organizations invite-account-to-organization --target Id=${id},Type=ACCOUNT`,
      );
    }
    if (account.state !== 'ACTIVE') {
      return fail(
        check,
        `${id} (${account.name}) is ${account.state}`,
        `set accounts.${role} in ${configPath} to an ACTIVE account: a ${account.state.toLowerCase().replace('_', ' ')} account cannot run the stacks`,
      );
    }
    return pass(check, `${id} (${account.name}) is an active member`);
  };

/** Named member accounts are only referenced (alert routes): a stale one misroutes, it does not block a deploy. */
export const checkMemberAccounts: Check = (input): CheckResult => {
  const { config, configPath, organization: org } = input;
  const elsewhere = otherOrganization(input, 'member accounts');
  if (elsewhere) return elsewhere;
  const named = Object.entries(config.organization.memberAccounts);
  const problems = named.flatMap(([name, id]) => {
    const account = findAccount(org, id);
    if (!account) return [`${name} (${id}) is not a member`];
    return account.state === 'ACTIVE' ? [] : [`${name} (${id}) is ${account.state}`];
  });
  if (problems.length === 0) {
    return pass(
      'member accounts',
      named.length === 0
        ? 'none named in organization.memberAccounts'
        : `${plural(named.length, 'account')} in organization.memberAccounts, all active members`,
    );
  }
  return warn(
    'member accounts',
    problems.join('; '),
    `correct or remove them in organization.memberAccounts of ${configPath}; alert routes that name them match nothing`,
  );
};

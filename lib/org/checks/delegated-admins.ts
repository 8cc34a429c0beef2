import type { DelegatedAdminExpectation } from '../expectations';
import { describeAccount, fail, otherOrganization, pass, type Check, type PreflightInput } from './check';

const ROLE_KEY = { audit: 'accounts.audit', logArchive: 'accounts.logArchive' } as const;

/**
 * One row per service: absent is fine (the Management stack registers it), the
 * wanted account is fine, another account is a blocker, because a service has
 * one administrator and registering a second one fails mid-deploy.
 */
export const checkDelegatedAdministrators: Check = (input) =>
  input.expectations.delegatedAdministrators.map((wanted) => {
    const check = `delegated admin: ${wanted.service}`;
    const elsewhere = otherOrganization(input, check);
    if (elsewhere) return elsewhere;
    const admins = input.organization.delegatedAdministrators
      .filter((d) => d.servicePrincipal === wanted.servicePrincipal)
      .map((d) => d.accountId);
    const who = `${wanted.role} ${describeAccount(input.organization, wanted.accountId)}`;
    if (wanted.notManaged) {
      const current = admins.map((id) => describeAccount(input.organization, id)).join(', ');
      return pass(check, `not managed (${wanted.notManaged})${current ? `; ${current} stays administrator` : ''}`);
    }
    if (admins.length === 0) return pass(check, `none yet; the Management stack registers ${who}`);
    if (admins.includes(wanted.accountId)) return pass(check, `already ${who}${legacyNote(wanted, input)}`);
    const others = admins.map((id) => describeAccount(input.organization, id)).join(', ');
    // Offering an account that already plays another role would only trade this row for a schema error.
    const roleTaken = Object.values(input.config.accounts).includes(admins[0]);
    const switchRole = `Or, if ${admins[0]} is your ${wanted.role === 'audit' ? 'audit' : 'log-archive'} account, set ${ROLE_KEY[wanted.role]}: '${admins[0]}' in ${input.configPath}`;
    return fail(
      check,
      `${others} is the ${wanted.service} administrator (${wanted.servicePrincipal}); the config wants ${who}`,
      [...removal(wanted, admins, input), ...(roleTaken ? [] : [switchRole])].join('\n'),
    );
  });

/**
 * Versions up to 0.2 designated Security Hub's administrator with a native resource that this version keeps
 * for upgrades (management.legacySecurityHubAdmin). Creating it over an existing designation is what a new
 * Management stack would do, and the native resource may refuse that.
 */
function legacyNote(wanted: DelegatedAdminExpectation, input: PreflightInput): string {
  if (wanted.servicePrincipal !== 'securityhub.amazonaws.com' || !input.config.management.legacySecurityHubAdmin) {
    return '';
  }
  return `; if the Management stack does not exist yet, set management.legacySecurityHubAdmin: false in ${input.configPath} (its 0.2 native designation, kept for upgrades, may refuse this one)`;
}

/** The steps that hand the service back, in the order its documentation gives, commands on their own lines. */
function removal(wanted: DelegatedAdminExpectation, admins: string[], input: PreflightInput): string[] {
  const deregister = (id: string) =>
    `$ aws organizations deregister-delegated-administrator --account-id ${id} --service-principal ${wanted.servicePrincipal}`;
  switch (wanted.servicePrincipal) {
    case 'guardduty.amazonaws.com':
      // GuardDuty keeps an admin per region; Organizations' record goes last, once every region let go.
      return admins.flatMap((id) => [
        `in ${id}, disassociate and delete its GuardDuty members; then, in the management account, in every region it administers:`,
        ...input.config.regions.governed.map(
          (region) => `$ aws guardduty disable-organization-admin-account --admin-account-id ${id} --region ${region}`,
        ),
        'and last:',
        deregister(id),
      ]);
    case 'inspector2.amazonaws.com':
      // Inspector keeps an administrator per region ("Removing an Amazon Inspector delegated administrator").
      return admins.flatMap((id) => [
        'in the management account, in every region it administers:',
        ...input.config.regions.governed.map(
          (region) =>
            `$ aws inspector2 disable-delegated-admin-account --delegated-admin-account-id ${id} --region ${region}`,
        ),
        'and last, if Organizations still lists it:',
        deregister(id),
      ]);
    case 'securitylake.amazonaws.com':
      return [
        'in the management account:',
        `$ aws securitylake deregister-data-lake-delegated-administrator --region ${input.config.regions.home}`,
      ];
    case 'securityhub.amazonaws.com':
      // Through Organizations it goes in every region at once; the Security Hub API only does one region.
      return [
        'in the management account (removes it in every region and ends its central configuration):',
        ...admins.map(deregister),
      ];
    default:
      return ['in the management account:', ...admins.map(deregister)];
  }
}

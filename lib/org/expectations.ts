import type { LandingZoneConfig } from '../config/schema';
import { Naming } from '../naming';
import { organizationPolicyPlan, type OrganizationPolicyPlan } from '../organization-policy-plan';

export type AccountRole = 'audit' | 'logArchive';

export interface DelegatedAdminExpectation {
  readonly service: string;
  readonly servicePrincipal: string;
  readonly role: AccountRole;
  readonly accountId: string;
  /** Why the landing zone registers no administrator for this service, when it does not. */
  readonly notManaged?: string;
}

export interface LandingZoneExpectations {
  readonly delegatedAdministrators: readonly DelegatedAdminExpectation[];
  /** Service principals the Management stack enables trusted access for. */
  readonly trustedServices: readonly string[];
  /** The landing zone's own organization trail and event data store, by name. */
  readonly trailName: string;
  readonly eventDataStoreName: string;
  /** Every policy type the Management stack enables, and every policy it attaches: the guardrails and the baseline. */
  readonly policies: OrganizationPolicyPlan;
}

/**
 * What the landing zone sets up in Organizations once deployed, derived from the
 * config the way the stacks derive it (lib/constructs/management/security-service-delegations.ts
 * and the Security Lake stack), so preflight compares like with like.
 */
export function landingZoneExpectations(config: LandingZoneConfig): LandingZoneExpectations {
  const naming = new Naming(config);
  const inspector = config.baseline.inspector.enabled;
  const admin = (service: string, servicePrincipal: string, role: AccountRole, notManaged?: string) => ({
    service,
    servicePrincipal,
    role,
    accountId: naming.accounts[role],
    ...(notManaged ? { notManaged } : {}),
  });
  return {
    delegatedAdministrators: [
      // GuardDuty and Inspector in every governed region, Security Hub in the home region (central configuration
      // takes it to the others): Organizations lists each administrator once, whatever its regions.
      admin('GuardDuty', 'guardduty.amazonaws.com', 'audit'),
      admin('Security Hub', 'securityhub.amazonaws.com', 'audit'),
      admin(
        'Inspector',
        'inspector2.amazonaws.com',
        'audit',
        inspector ? undefined : 'baseline.inspector.enabled is false',
      ),
      admin('Config', 'config.amazonaws.com', 'audit'),
      admin('Config rules', 'config-multiaccountsetup.amazonaws.com', 'audit'),
      admin('Access Analyzer', 'access-analyzer.amazonaws.com', 'audit'),
      // Audit deploys the member-account StackSets (the Config recorders) as their delegated admin.
      admin('StackSets', 'member.org.stacksets.cloudformation.amazonaws.com', 'audit'),
      // The Security Reference Architecture puts Security Lake's admin in log-archive, next to the logs.
      admin(
        'Security Lake',
        'securitylake.amazonaws.com',
        'logArchive',
        config.securityLake.enabled ? undefined : 'securityLake.enabled is false',
      ),
    ],
    trustedServices: [
      'access-analyzer.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'config-multiaccountsetup.amazonaws.com',
      'guardduty.amazonaws.com',
      // Inspector enables its own when it designates its administrator.
      ...(inspector ? ['inspector2.amazonaws.com'] : []),
      'malware-protection.guardduty.amazonaws.com',
      'member.org.stacksets.cloudformation.amazonaws.com',
      'securityhub.amazonaws.com',
      'securitylake.amazonaws.com',
    ],
    trailName: naming.trailName,
    eventDataStoreName: naming.eventDataStoreName,
    policies: organizationPolicyPlan(config),
  };
}

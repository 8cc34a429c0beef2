import { ROOT_TARGET } from '../config/organization';
import type { LandingZoneConfig } from '../config/schema';
import { Naming } from '../naming';

export type AccountRole = 'audit' | 'logArchive';

export interface DelegatedAdminExpectation {
  readonly service: string;
  readonly servicePrincipal: string;
  readonly role: AccountRole;
  readonly accountId: string;
  /** Why the landing zone registers no administrator for this service, when it does not. */
  readonly notManaged?: string;
}

/** The organization policy types the landing zone may use. */
export type PolicyType =
  'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | 'DECLARATIVE_POLICY_EC2' | 'S3_POLICY' | 'INSPECTOR_POLICY';

/** The policies of one type the landing zone attaches, and where. */
export interface LandingZonePolicies {
  readonly type: PolicyType;
  /** Full policy names as the Management stack creates them (`lz-protect-logging`). */
  readonly names: readonly string[];
  /** Config target (`root` or an OU name) and its ID. */
  readonly targets: readonly { readonly target: string; readonly id: string }[];
  /**
   * True when the Management stack enables the type on the root itself (an
   * EnablePolicyType custom resource); false when it must be enabled first.
   */
  readonly enabledByDeploy: boolean;
}

/**
 * How many policies of a type Organizations lets you attach directly to one
 * root, OU or account, the AWS managed ones (FullAWSAccess) included.
 * SCPs: 5, as the Organizations User Guide's quota page states ("Maximum number you
 * can attach to a root, OU, or account: 5", orgs_manage_policies). Third-party
 * write-ups report that AWS raised it to 10 in May 2026; until the AWS page says
 * so the lower figure holds, which the landing zone fits either way.
 * A type missing here is not counted: add its quota with the type.
 */
export const POLICIES_PER_TARGET: Partial<Record<PolicyType, number>> = { SERVICE_CONTROL_POLICY: 5 };

/**
 * The suffixes of the guardrail SCPs the Management stack attaches to each of
 * management.guardrails.targets (guardrailPolicies() in
 * lib/constructs/management/guardrail-policies.ts; a test holds the two equal).
 * When the stack attaches more (an opt-in region SCP, RCPs), extend
 * landingZonePolicies() below: preflight counts from there.
 */
export const GUARDRAIL_SCPS = ['protect-logging', 'protect-detection', 'protect-organization'] as const;

/** Every organization policy the landing zone attaches, per type; preflight checks the quotas and types from it. */
export function landingZonePolicies(
  config: Pick<LandingZoneConfig, 'organization' | 'management' | 'deployment'>,
): LandingZonePolicies[] {
  const id = (target: string) =>
    target === ROOT_TARGET ? config.organization.rootId : (config.organization.organizationalUnits[target] ?? target);
  return [
    {
      type: 'SERVICE_CONTROL_POLICY',
      names: GUARDRAIL_SCPS.map((name) => `${config.deployment.prefix}-${name}`),
      targets: config.management.guardrails.targets.map((target) => ({ target, id: id(target) })),
      enabledByDeploy: true,
    },
  ];
}

export interface LandingZoneExpectations {
  readonly delegatedAdministrators: readonly DelegatedAdminExpectation[];
  /** Service principals the Management stack enables trusted access for. */
  readonly trustedServices: readonly string[];
  /** The landing zone's own organization trail and event data store, by name. */
  readonly trailName: string;
  readonly eventDataStoreName: string;
  readonly policies: readonly LandingZonePolicies[];
}

/**
 * What the landing zone sets up in Organizations once deployed, derived from the
 * config the way the stacks derive it (lib/constructs/management/security-service-delegations.ts
 * and the Security Lake stack), so preflight compares like with like.
 */
export function landingZoneExpectations(
  config: Pick<
    LandingZoneConfig,
    'organization' | 'accounts' | 'regions' | 'deployment' | 'securityLake' | 'management' | 'baseline'
  >,
): LandingZoneExpectations {
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
    policies: landingZonePolicies(config),
  };
}

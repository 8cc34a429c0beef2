import { baselinePolicies, GUARDRAIL_SCP_NAMES, siemAccountId } from './config/baseline';
import { ROOT_TARGET } from './config/organization';
import type { LandingZoneConfig } from './config/schema';
import type { OrganizationPolicyType } from './constructs/baseline/policy-quotas';
import { Naming } from './naming';

/** One policy the landing zone attaches, as preflight compares it with the organization. */
export interface PlannedPolicyAttachment {
  readonly type: OrganizationPolicyType;
  /** The policy's name in Organizations. */
  readonly name: string;
  /** Each target by its config name (`root` or an OU name) and its ID. */
  readonly targets: ReadonlyArray<{ readonly name: string; readonly id: string }>;
}

export interface OrganizationPolicyPlan {
  /** The policy types that must be ENABLED on the root before the deployment attaches anything. */
  readonly policyTypes: readonly OrganizationPolicyType[];
  readonly policies: readonly PlannedPolicyAttachment[];
}

/**
 * Every Organizations policy type the landing zone needs and every policy it
 * attaches, with its targets: the guardrail SCPs and the baseline. Preflight
 * reads this to report, per target, whether each type is enabled and what is
 * attached today; the AWS managed FullAWSAccess and RCPFullAWSAccess come on
 * top, on every target.
 */
export function organizationPolicyPlan(config: LandingZoneConfig): OrganizationPolicyPlan {
  const naming = new Naming(config);
  const org = config.organization;
  const target = (id: string) => ({
    name:
      id === org.rootId
        ? ROOT_TARGET
        : Object.keys(org.organizationalUnits).find((ou) => org.organizationalUnits[ou] === id)!,
    id,
  });
  const guardrailTargets = config.management.guardrails.targets.map((name) =>
    name === ROOT_TARGET ? org.rootId : org.organizationalUnits[name],
  );
  const guardrails: PlannedPolicyAttachment[] = GUARDRAIL_SCP_NAMES.map((name) => ({
    type: 'SERVICE_CONTROL_POLICY',
    name: `${naming.prefix}-${name}`,
    targets: guardrailTargets.map(target),
  }));
  const baseline = baselinePolicies({
    baseline: config.baseline,
    organization: org,
    siemAccountId: siemAccountId(config.securityLake),
    governedRegions: config.regions.governed,
    prefix: naming.prefix,
    // Only the region guardrail's content reads these, and preflight reads no content.
    exemptPrincipalArns: [naming.deploymentRoleArnPattern(naming.accounts.logArchive)],
  }).map(({ type, name, targetIds }) => ({ type, name, targets: targetIds.map(target) }));
  const policies = [...guardrails, ...baseline];
  return { policyTypes: [...new Set(policies.map((p) => p.type))], policies };
}

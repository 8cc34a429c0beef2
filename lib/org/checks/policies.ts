import { POLICY_TYPE_QUOTAS, type OrganizationPolicyType } from '../../constructs/baseline/policy-quotas';
import type { PlannedPolicyAttachment } from '../../organization-policy-plan';
import { fail, notChecked, otherOrganization, pass, plural, warn, type Check, type CheckResult } from './check';

/** `SCP`, `RCP`, ...: the row names people use. */
const SHORT: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  DECLARATIVE_POLICY_EC2: 'EC2 declarative policy',
  S3_POLICY: 'S3 policy',
  INSPECTOR_POLICY: 'Inspector policy',
};
const short = (type: string) => SHORT[type] ?? type;
const shortPlural = (type: string) => short(type).replace(/y$/, 'ie') + 's';

/** The landing zone's policies of `type`. */
const ofType = (input: Parameters<Check>[0], type: OrganizationPolicyType) =>
  input.expectations.policies.policies.filter((p) => p.type === type);

/**
 * A policy of a type that is not enabled on the root cannot be attached.
 * The Management stack enables every type it attaches before attaching
 * (OrganizationPolicyTypes), but not one that is being disabled. ListRoots reports each type as
 * ENABLED, PENDING_ENABLE or PENDING_DISABLE: EnablePolicyType and
 * DisablePolicyType are "asynchronous requests that AWS performs in the
 * background" (Organizations API Reference, EnablePolicyType and PolicyTypeSummary).
 */
export const checkPolicyTypes: Check = (input) =>
  input.expectations.policies.policyTypes.map((type): CheckResult => {
    const check = `policy type: ${short(type)}`;
    const elsewhere = otherOrganization(input, check);
    if (elsewhere) return elsewhere;
    const root = input.organization.roots.find((r) => r.id === input.config.organization.rootId);
    if (!root) {
      return {
        check,
        status: 'warn',
        detail: `not checked: organization.rootId ${input.config.organization.rootId} is not this organization's root (see the root row)`,
        unchecked: true,
      };
    }
    const enable = `$ aws organizations enable-policy-type --root-id ${root.id} --policy-type ${type}`;
    const status = root.policyTypes.find((p) => p.type === type)?.status;
    const uses = `the landing zone attaches ${plural(ofType(input, type).length, 'policy', 'policies')} of this type`;
    switch (status) {
      case 'ENABLED':
        return pass(check, `${type} is enabled on ${root.id}`);
      case 'PENDING_ENABLE':
        return warn(
          check,
          `${type} is being enabled on ${root.id} (PENDING_ENABLE); ${uses}`,
          'wait until `aws organizations list-roots` shows it ENABLED, then deploy',
        );
      case 'PENDING_DISABLE':
        return fail(
          check,
          `${type} is being disabled on ${root.id} (PENDING_DISABLE), which detaches every policy of the type; ${uses}`,
          `once \`aws organizations list-roots\` no longer lists it, enable it again:\n${enable}`,
        );
      default:
        return pass(check, `not enabled on ${root.id} yet; the Management stack enables ${type} before attaching`);
    }
  });

/**
 * Organizations caps the policies of each type attached directly to one root,
 * OU or account, the AWS managed full-access policy included. The landing
 * zone's policies must fit next to those already there; its own, on a rerun
 * after a deploy, are not counted twice.
 */
export const checkPolicyQuotas: Check = (input) =>
  input.expectations.policies.policyTypes.flatMap((type) => {
    const policies = ofType(input, type);
    const targets = [...new Map(policies.flatMap((p) => p.targets).map((t) => [t.id, t])).values()];
    return targets.map((target) =>
      quotaRow(
        input,
        type,
        target,
        policies.filter((p) => p.targets.some((t) => t.id === target.id)),
      ),
    );
  });

function quotaRow(
  input: Parameters<Check>[0],
  type: OrganizationPolicyType,
  target: PlannedPolicyAttachment['targets'][number],
  wanted: readonly PlannedPolicyAttachment[],
): CheckResult {
  const check = `${shortPlural(type)} on ${target.name}`;
  const elsewhere = otherOrganization(input, check);
  if (elsewhere) return elsewhere;
  const { maxPerTarget: quota, awsManagedPolicy } = POLICY_TYPE_QUOTAS[type];
  const ours = wanted.length;
  const root = input.organization.roots.find((r) => r.id === input.config.organization.rootId);
  const enabled = root?.policyTypes.some((p) => p.type === type && p.status === 'ENABLED') ?? false;
  if (!enabled) {
    // Enabling SCPs or RCPs attaches the AWS managed full-access policy to every root, OU and account.
    const total = (awsManagedPolicy ? 1 : 0) + ours;
    const held = awsManagedPolicy ? `${awsManagedPolicy} and the landing zone's ${ours}` : `the landing zone's ${ours}`;
    const detail = `${type} not enabled yet: once it is, ${target.id} holds ${held}: ${total} of ${quota}`;
    return total <= quota
      ? pass(check, detail)
      : fail(check, detail, 'the landing zone attaches more policies than the quota allows; reduce them');
  }
  const read = input.policyAttachments.find((a) => a.targetId === target.id && a.type === type);
  if (!read) {
    return {
      check,
      status: 'warn',
      detail: `not checked: ${target.name} (${target.id}) is not a root or OU of ${input.organization.id} (see the organizational units row)`,
      unchecked: true,
    };
  }
  if ('error' in read.policies) return notChecked(check, read.policies, 'organizations:ListPoliciesForTarget');
  const names = new Set(wanted.map((p) => p.name));
  const others = read.policies.value.filter((p) => !names.has(p.name));
  const total = others.length + ours;
  const attached = others.length > 0 ? `${others.map((p) => p.name).join(', ')} attached` : 'nothing attached';
  const detail = `${attached} to ${target.id}, and the landing zone's ${ours}: ${total} of ${quota}`;
  if (total <= quota) return pass(check, detail);
  const over = total - quota;
  const removable = others.filter((p) => !p.awsManaged);
  return fail(
    check,
    `${detail}, ${over} over the quota of ${quota} directly attached ${shortPlural(type)} per target`,
    [
      `merge or detach ${plural(over, 'policy', 'policies')} here, or attach the guardrails one level down (management.guardrails.targets in ${input.configPath}):`,
      ...removable.map(
        (p) => `$ aws organizations detach-policy --policy-id ${p.id} --target-id ${target.id}   # ${p.name}`,
      ),
    ].join('\n'),
  );
}

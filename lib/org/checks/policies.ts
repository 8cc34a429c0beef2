import { POLICIES_PER_TARGET, type LandingZonePolicies } from '../expectations';
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

/**
 * A policy of a type that is not enabled on the root cannot be attached.
 * The Management stack enables the SCP type itself; a type it does not
 * enable must be enabled before the deploy. ListRoots reports each type as
 * ENABLED, PENDING_ENABLE or PENDING_DISABLE: EnablePolicyType and
 * DisablePolicyType are "asynchronous requests that AWS performs in the
 * background" (Organizations API Reference, EnablePolicyType and PolicyTypeSummary).
 */
export const checkPolicyTypes: Check = (input) =>
  input.expectations.policies.map((wanted): CheckResult => {
    const check = `policy type: ${short(wanted.type)}`;
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
    const enable = `$ aws organizations enable-policy-type --root-id ${root.id} --policy-type ${wanted.type}`;
    const status = root.policyTypes.find((p) => p.type === wanted.type)?.status;
    const uses = `the landing zone attaches ${plural(wanted.names.length, 'policy', 'policies')} of this type`;
    switch (status) {
      case 'ENABLED':
        return pass(check, `${wanted.type} is enabled on ${root.id}`);
      case 'PENDING_ENABLE':
        return warn(
          check,
          `${wanted.type} is being enabled on ${root.id} (PENDING_ENABLE); ${uses}`,
          'wait until `aws organizations list-roots` shows it ENABLED, then deploy',
        );
      case 'PENDING_DISABLE':
        return fail(
          check,
          `${wanted.type} is being disabled on ${root.id} (PENDING_DISABLE), which detaches every policy of the type; ${uses}`,
          `once \`aws organizations list-roots\` no longer lists it, enable it again:\n${enable}`,
        );
      default:
        return wanted.enabledByDeploy
          ? pass(check, `not enabled on ${root.id} yet; the Management stack enables ${wanted.type} before attaching`)
          : fail(
              check,
              `${wanted.type} is not enabled on ${root.id}; ${uses}, and attaching fails`,
              `enable it first:\n${enable}`,
            );
    }
  });

/**
 * Organizations caps the policies of each type attached directly to one root,
 * OU or account, the AWS managed full-access policy included. The landing
 * zone's policies must fit next to those already there; its own, on a rerun
 * after a deploy, are not counted twice.
 */
export const checkPolicyQuotas: Check = (input) =>
  input.expectations.policies.flatMap((wanted) => {
    const quota = POLICIES_PER_TARGET[wanted.type];
    if (quota === undefined) return [];
    return wanted.targets.map((target) => quotaRow(input, wanted, target, quota));
  });

function quotaRow(
  input: Parameters<Check>[0],
  wanted: LandingZonePolicies,
  target: LandingZonePolicies['targets'][number],
  quota: number,
): CheckResult {
  const check = `${short(wanted.type)}s on ${target.target}`;
  const elsewhere = otherOrganization(input, check);
  if (elsewhere) return elsewhere;
  const ours = wanted.names.length;
  const root = input.organization.roots.find((r) => r.id === input.config.organization.rootId);
  const enabled = root?.policyTypes.some((p) => p.type === wanted.type && p.status === 'ENABLED') ?? false;
  if (!enabled) {
    // Enabling the type attaches the AWS managed full-access policy to every root, OU and account.
    const total = 1 + ours;
    const detail = `${wanted.type} not enabled yet: once it is, ${target.id} holds the AWS managed full-access policy and the landing zone's ${ours}: ${total} of ${quota}`;
    return total <= quota
      ? pass(check, detail)
      : fail(check, detail, 'the landing zone attaches more policies than the quota allows; reduce them');
  }
  const read = input.policyAttachments.find((a) => a.targetId === target.id && a.type === wanted.type);
  if (!read) {
    return {
      check,
      status: 'warn',
      detail: `not checked: ${target.target} (${target.id}) is not a root or OU of ${input.organization.id} (see the organizational units row)`,
      unchecked: true,
    };
  }
  if ('error' in read.policies) return notChecked(check, read.policies, 'organizations:ListPoliciesForTarget');
  const names = new Set(wanted.names);
  const others = read.policies.value.filter((p) => !names.has(p.name));
  const total = others.length + ours;
  const attached = others.length > 0 ? `${others.map((p) => p.name).join(', ')} attached` : 'nothing attached';
  const detail = `${attached} to ${target.id}, and the landing zone's ${ours}: ${total} of ${quota}`;
  if (total <= quota) return pass(check, detail);
  const over = total - quota;
  const removable = others.filter((p) => !p.awsManaged);
  return fail(
    check,
    `${detail}, ${over} over the quota of ${quota} directly attached ${short(wanted.type)}s per target`,
    [
      `merge or detach ${plural(over, 'policy', 'policies')} here, or attach the guardrails one level down (management.guardrails.targets in ${input.configPath}):`,
      ...removable.map(
        (p) => `$ aws organizations detach-policy --policy-id ${p.id} --target-id ${target.id}   # ${p.name}`,
      ),
    ].join('\n'),
  );
}

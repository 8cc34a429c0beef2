import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, type IDependable } from 'constructs';
import { OrganizationPolicyType } from '../management/organization-policy-type';
import {
  attachmentQuotaProblems,
  describeAttachmentQuotaProblem,
  type OrganizationPolicyType as PolicyType,
  type PolicyAttachment,
  policySizeProblem,
} from './policy-quotas';

/** One organization policy, as the landing zone defines it. */
export interface OrganizationPolicy {
  /** Stable PascalCase construct ID; the policy's logical ID derives from it. */
  readonly id: string;
  readonly type: PolicyType;
  /** The policy's name in Organizations, e.g. `lz-data-perimeter`. */
  readonly name: string;
  readonly description: string;
  readonly content: object;
  /** Root or OU IDs it is attached to. */
  readonly targetIds: readonly string[];
}

export interface OrganizationPoliciesProps {
  readonly organizationId: string;
  readonly rootId: string;
  readonly policies: readonly OrganizationPolicy[];
  /**
   * Policy types something else already enables, with what to wait for; the
   * others are enabled here, one OrganizationPolicyType each.
   * @default - every type the policies use is enabled here
   */
  readonly enabledTypes?: Partial<Record<PolicyType, IDependable>>;
  /**
   * Policies attached elsewhere to the same targets (the guardrail SCPs),
   * which count against the same per-target quotas.
   * @default - none
   */
  readonly otherAttachments?: readonly PolicyAttachment[];
}

/**
 * Organization policies of any type (native `AWS::Organizations::Policy`),
 * each validated against its type's size quota and attached to its targets
 * once its type is enabled on the root, with every target kept within the
 * number of policies of a type Organizations allows.
 *
 * Deleting a policy from the config, or the (termination-protected) stack,
 * detaches and deletes it: the policies are not retained, because a retained
 * preventive policy would go on denying after its config said off, with no
 * definition left to review. The controls they set leave state behind only
 * where AWS says so (Inspector stays enabled in accounts it enabled).
 */
export class OrganizationPolicies extends Construct {
  readonly policies: Readonly<Record<string, organizations.CfnPolicy>>;

  constructor(scope: Construct, id: string, props: OrganizationPoliciesProps) {
    super(scope, id);
    for (const policy of props.policies) {
      if (policy.targetIds.length === 0) throw new Error(`policy ${policy.name} must name at least one target`);
      const problem = policySizeProblem(policy.type, policy.content);
      if (problem) throw new Error(`policy ${policy.name} ${problem}`);
    }
    const quota = attachmentQuotaProblems([
      ...(props.otherAttachments ?? []),
      ...props.policies.map((p) => ({ type: p.type, name: p.name, targets: p.targetIds })),
    ]);
    if (quota.length > 0) throw new Error(quota.map(describeAttachmentQuotaProblem).join('; '));

    const ready = new Map<PolicyType, IDependable>(
      Object.entries(props.enabledTypes ?? {}) as [PolicyType, IDependable][],
    );
    const typeReady = (type: PolicyType): IDependable => {
      if (!ready.has(type)) {
        ready.set(
          type,
          new OrganizationPolicyType(this, `${pascalCase(type)}Type`, {
            policyType: type,
            organizationId: props.organizationId,
            rootId: props.rootId,
          }),
        );
      }
      return ready.get(type)!;
    };
    // Organizations refuses concurrent changes to one target: the policies attach one after another.
    let previous: IDependable | undefined;
    this.policies = Object.fromEntries(
      props.policies.map((policy) => {
        const resource = new organizations.CfnPolicy(this, policy.id, {
          name: policy.name,
          description: policy.description,
          type: policy.type,
          content: policy.content,
          targetIds: [...policy.targetIds],
        });
        resource.node.addDependency(typeReady(policy.type));
        if (previous) resource.node.addDependency(previous);
        previous = resource;
        return [policy.id, resource];
      }),
    );
  }
}

function pascalCase(type: string): string {
  return type.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

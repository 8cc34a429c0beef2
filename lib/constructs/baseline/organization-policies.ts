import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, type IDependable } from 'constructs';
import type { OrganizationPolicyTypes } from '../management/organization-policy-types';
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
  readonly policies: readonly OrganizationPolicy[];
  /** What enables the policies' types on the root; each policy attaches once it has. */
  readonly policyTypes: OrganizationPolicyTypes;
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
    const notEnabled = props.policies.find((p) => !props.policyTypes.types.includes(p.type));
    if (notEnabled) {
      throw new Error(`policy ${notEnabled.name} is a ${notEnabled.type}, which policyTypes does not enable`);
    }

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
        resource.node.addDependency(props.policyTypes);
        if (previous) resource.node.addDependency(previous);
        previous = resource;
        return [policy.id, resource];
      }),
    );
  }
}

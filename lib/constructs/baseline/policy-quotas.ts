/**
 * The AWS Organizations policy types the landing zone creates, and their
 * quotas. Each type has its own syntax and its own limits, which
 * Organizations enforces only when CloudFormation creates the policy, long
 * after synth; checking them here turns a failed deployment into a refused
 * config or a failed synth.
 *
 * Sizes: "Quotas for AWS Organizations" (orgs_reference_limits.html) and the
 * `Content` property of AWS::Organizations::Policy: SCPs and RCPs 5,120
 * characters, declarative and Inspector policies 10,000. S3 policies are not
 * listed separately; they follow the declarative policy syntax
 * (orgs_manage_policies_s3_syntax.html), so the declarative limit is used.
 * Every character counts, white space included, so the landing zone sends
 * minified JSON and measures exactly that.
 *
 * Attachments: at most 5 SCPs and 5 RCPs directly on one root, OU or account,
 * the AWS managed FullAWSAccess / RCPFullAWSAccess (attached everywhere once
 * the type is enabled) included ("Managing AWS Organizations policies",
 * orgs_manage_policies.html). The management policy types allow more; the
 * landing zone attaches at most one of each per target.
 */

export const ORGANIZATION_POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'S3_POLICY',
  'INSPECTOR_POLICY',
] as const;

export type OrganizationPolicyType = (typeof ORGANIZATION_POLICY_TYPES)[number];

export interface PolicyTypeQuota {
  /** Characters of the policy document. */
  readonly maxCharacters: number;
  /** Policies of the type attached directly to one root, OU or account. */
  readonly maxPerTarget: number;
  /** The AWS managed policy Organizations attaches to every target, which counts against `maxPerTarget`. */
  readonly awsManagedPolicy?: string;
}

export const POLICY_TYPE_QUOTAS: Record<OrganizationPolicyType, PolicyTypeQuota> = {
  SERVICE_CONTROL_POLICY: { maxCharacters: 5120, maxPerTarget: 5, awsManagedPolicy: 'FullAWSAccess' },
  RESOURCE_CONTROL_POLICY: { maxCharacters: 5120, maxPerTarget: 5, awsManagedPolicy: 'RCPFullAWSAccess' },
  DECLARATIVE_POLICY_EC2: { maxCharacters: 10000, maxPerTarget: 10 },
  S3_POLICY: { maxCharacters: 10000, maxPerTarget: 10 },
  INSPECTOR_POLICY: { maxCharacters: 10000, maxPerTarget: 10 },
};

/**
 * The size Organizations counts: the document as it is sent, minified.
 * CloudFormation sends a `Content` object as Jackson's compact JSON
 * (aws-cloudformation-resource-providers-organizations,
 * Translator.convertObjectToString), which is what JSON.stringify writes.
 */
export function policySize(content: object): number {
  return JSON.stringify(content).length;
}

/** Describes a document over its type's size quota, or returns undefined when it fits. */
export function policySizeProblem(type: OrganizationPolicyType, content: object): string | undefined {
  const size = policySize(content);
  const max = POLICY_TYPE_QUOTAS[type].maxCharacters;
  return size > max ? `is ${size} characters, over the ${max}-character quota of ${type}` : undefined;
}

/** A policy of a type attached to targets, as far as the attachment quota cares. */
export interface PolicyAttachment {
  readonly type: OrganizationPolicyType;
  readonly name: string;
  /** Root or OU IDs (or names: any stable key of a target). */
  readonly targets: readonly string[];
}

export interface AttachmentQuotaProblem {
  readonly type: OrganizationPolicyType;
  readonly target: string;
  /** The policies on the target, the AWS managed one first. */
  readonly policies: readonly string[];
  readonly max: number;
}

/** Every target that would carry more policies of a type than Organizations allows. */
export function attachmentQuotaProblems(attachments: readonly PolicyAttachment[]): AttachmentQuotaProblem[] {
  const byTypeAndTarget = new Map<string, { type: OrganizationPolicyType; target: string; policies: string[] }>();
  for (const { type, name, targets } of attachments) {
    for (const target of targets) {
      const key = `${type} ${target}`;
      const managed = POLICY_TYPE_QUOTAS[type].awsManagedPolicy;
      const entry = byTypeAndTarget.get(key) ?? { type, target, policies: managed ? [managed] : [] };
      entry.policies.push(name);
      byTypeAndTarget.set(key, entry);
    }
  }
  return [...byTypeAndTarget.values()]
    .map((entry) => ({ ...entry, max: POLICY_TYPE_QUOTAS[entry.type].maxPerTarget }))
    .filter((entry) => entry.policies.length > entry.max);
}

/** One line per problem, e.g. for an Error thrown at synth. */
export function describeAttachmentQuotaProblem(problem: AttachmentQuotaProblem): string {
  return `${problem.target} would carry ${problem.policies.length} ${problem.type}s (${problem.policies.join(', ')}), over the ${problem.max} Organizations allows per target`;
}

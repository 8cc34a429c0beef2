import { ListPoliciesForTargetCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { mapLimit, type AwsCaller } from './call';
import { checked } from './inspection';
import type { PolicyAttachments } from './snapshot';

/**
 * The policies directly attached to each target, one ListPoliciesForTarget
 * per target and type. A target whose read fails says so on its own; the
 * others still count.
 */
export async function readPolicyAttachments(
  org: OrganizationsClient,
  aws: AwsCaller,
  wanted: readonly { readonly targetId: string; readonly type: string }[],
): Promise<PolicyAttachments[]> {
  return mapLimit(wanted, 4, async ({ targetId, type }) => ({
    targetId,
    type,
    policies: await checked(async () => {
      const policies = await aws.collect(
        'organizations:ListPoliciesForTarget',
        (NextToken, send) =>
          org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: type as never, NextToken }), send),
        (page) => page.Policies,
      );
      return policies.map((p) => ({ id: p.Id ?? '', name: p.Name ?? '', awsManaged: p.AwsManaged ?? false }));
    }),
  }));
}

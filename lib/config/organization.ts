import { z } from 'zod';
import { accountId } from './primitives';

/**
 * The organization's shape as far as the landing zone refers to it: guardrails,
 * Security Hub policies and alert routes name OUs and accounts by these names.
 */
export const organizationSchema = z.strictObject({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization ID such as o-a1b2c3d4e5'),
  rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, 'must be a root ID such as r-ab12'),
  /** OU name -> OU ID. */
  organizationalUnits: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be a name of letters, digits and hyphens'),
      z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'must be an OU ID such as ou-ab12-cd34ef56'),
    )
    .default({}),
  /** Member account name -> account ID, for routes and exceptions that name a workload account. */
  memberAccounts: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase name of letters, digits and hyphens'), accountId)
    .default({}),
});

export type OrganizationConfig = z.infer<typeof organizationSchema>;

/** A target that policies attach to: `root`, or the name of an OU in `organization.organizationalUnits`. */
export const ROOT_TARGET = 'root';

/** Reports a name that is neither `root` nor a configured OU, at `path`. */
export function checkOuNames(
  org: OrganizationConfig,
  names: readonly string[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
  allowRoot = true,
) {
  names.forEach((name, i) => {
    if ((allowRoot && name === ROOT_TARGET) || name in org.organizationalUnits) return;
    const known = [...(allowRoot ? [ROOT_TARGET] : []), ...Object.keys(org.organizationalUnits)].join(', ');
    ctx.addIssue({
      code: 'custom',
      path: [...path, i],
      input: name,
      message: `must be ${allowRoot ? "'root' or " : ''}an OU named in organization.organizationalUnits (${known || 'none configured'})`,
    });
  });
}

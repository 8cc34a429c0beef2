/**
 * S3_POLICY documents: S3 Block Public Access decided by the organization.
 *
 * Syntax ("Amazon S3 policy syntax and examples",
 * orgs_manage_policies_s3_syntax.html): `s3_attributes.
 * public_access_block_configuration` with `@@assign` `all` (the four settings
 * BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets
 * on) or `none` (all four off at the organization level). An account under
 * such a policy cannot change its account-level settings
 * (configuring-block-public-access-account.html, PutPublicAccessBlock).
 *
 * Exceptions: S3 policies inherit like every declarative policy type
 * (orgs_manage_policies_inheritance_mgmt.md): a child's `@@assign` replaces
 * the value it inherits unless the parent restricts child operators, which
 * the landing zone's policy deliberately does not. So an OU that must host
 * public buckets gets a second policy assigning `none`, while the `all`
 * policy stays on the root; attaching `all` to "every OU but the exception"
 * instead would leave every account directly under the root, and every OU
 * created later, unprotected. Under `none`, the accounts' own settings no
 * longer block anything, and bucket-level Block Public Access (on for every
 * new bucket since April 2023) decides, bucket by bucket.
 */

export type S3BlockPublicAccess = 'all' | 'none';

export interface S3PolicyDocument {
  readonly s3_attributes: { readonly public_access_block_configuration: { readonly '@@assign': S3BlockPublicAccess } };
}

export function s3BlockPublicAccessPolicy(setting: S3BlockPublicAccess): S3PolicyDocument {
  return { s3_attributes: { public_access_block_configuration: { '@@assign': setting } } };
}

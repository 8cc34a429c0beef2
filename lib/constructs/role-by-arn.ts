import * as iam from 'aws-cdk-lib/aws-iam';

export interface RoleByArn {
  /** The role's account. */
  readonly principal: iam.AccountPrincipal;
  /** Narrows a statement to the role itself. */
  readonly onlyThisRole: { readonly ArnEquals: { readonly 'aws:PrincipalArn': string } };
}

/**
 * A role of another account, which may not exist yet, as a resource-policy
 * principal. KMS and S3 reject a policy naming a role that does not exist, and
 * the other account deploys later, so the role's account is the principal and
 * its ARN the condition. `what` names the prop in the error.
 */
export function roleByArn(what: string, roleArn: string): RoleByArn {
  const match = /^arn:aws:iam::(\d{12}):role\/.+$/.exec(roleArn);
  if (!match) throw new Error(`${what} must be an IAM role ARN, got ${roleArn}`);
  return {
    principal: new iam.AccountPrincipal(match[1]),
    onlyThisRole: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
  };
}

export interface RoleInOrganization {
  /** Any principal: the conditions name the role. */
  readonly principal: iam.AnyPrincipal;
  /** The role of this name in any account of the organization, and no other principal. */
  readonly conditions: {
    readonly StringEquals: { readonly 'aws:PrincipalOrgID': string };
    readonly ArnLike: { readonly 'aws:PrincipalArn': string };
  };
}

/**
 * The role of one name in every account of an organization, as a
 * resource-policy principal: for a role each member account has, such as the
 * own-logs reader, where listing the accounts would outgrow the policy and
 * miss the next new one. `what` names the prop in the error.
 */
export function roleInOrganization(what: string, roleName: string, organizationId: string): RoleInOrganization {
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new Error(`${what} must be an IAM role name, got ${roleName}`);
  return {
    principal: new iam.AnyPrincipal(),
    conditions: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/${roleName}` },
    },
  };
}

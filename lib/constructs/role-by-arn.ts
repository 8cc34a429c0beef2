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

import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_OIDC_ISSUER, STS_AUDIENCE } from './github-oidc-provider';

export interface GitHubActionsRoleProps {
  /** The name the workflows' variables hold; it must not change. */
  readonly roleName: string;
  readonly description: string;
  /** GitHub Actions' OIDC provider in this account. */
  readonly provider: iam.IOidcProvider;
  /**
   * The token's whole `sub` claim, matched exactly: for example
   * `repo:OWNER/REPO:environment:production`, or `repo:OWNER/REPO:pull_request`.
   */
  readonly subject: string;
  /** The roles this one may assume (ARNs or ARN patterns); it may do nothing else. */
  readonly assumableRoles: readonly string[];
  /** What the role is for, in the reasons its acknowledged wildcards carry. */
  readonly purpose: string;
  /** How long a session may last. @default Duration.hours(1) */
  readonly maxSessionDuration?: Duration;
}

/**
 * A role that GitHub Actions jobs assume with their OIDC token, and only jobs
 * whose token names exactly one subject for the STS audience. Its only
 * permission is to assume the given roles: whatever a job does in AWS, it
 * does as one of those.
 */
export class GitHubActionsRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GitHubActionsRoleProps) {
    super(scope, id);
    if (props.assumableRoles.length === 0) throw new Error(`${props.roleName} must be able to assume a role, got none`);

    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: props.description,
      // StringEquals, never StringLike: a pattern could admit other branches, repositories or events.
      assumedBy: new iam.WebIdentityPrincipal(props.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: STS_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: props.subject,
        },
      }),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `${props.roleName}: assume only ${props.purpose}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeOnlyTheseRoles',
          actions: ['sts:AssumeRole'],
          resources: [...props.assumableRoles],
        }),
      ],
    });
    Validations.of(policy).acknowledge(
      ...props.assumableRoles
        .filter((arn) => arn.includes('*'))
        .map((arn) => ({
          id: `AwsSolutions-IAM5[Resource::${arn}]`,
          reason: `${props.purpose} in every region the account deploys to (the region ends the role name); nothing else`,
        })),
    );
  }
}

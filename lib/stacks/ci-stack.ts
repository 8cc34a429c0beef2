import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CI_DEPLOY_SESSION_SECONDS } from '../ci/deploy-session';
import { type CiConfig, repositorySubject } from '../config/ci';
import { GitHubActionsRole } from '../constructs/ci/github-actions-role';
import { GitHubOidcProvider } from '../constructs/ci/github-oidc-provider';
import { CDK_ROLE_KINDS, type Naming } from '../naming';

/** How long a deploy session may last; the deploy workflow asks for exactly this. */
export const CI_DEPLOY_SESSION = Duration.seconds(CI_DEPLOY_SESSION_SECONDS);

export interface CiStackProps extends StackProps {
  readonly naming: Naming;
  readonly ci: CiConfig;
}

/**
 * The CI pipeline's way into AWS, in the management account: GitHub's OIDC
 * provider, a deploy role for the configured environment's jobs and a
 * read-only diff role for pull requests. Both only assume CDK bootstrap roles
 * of the landing zone's three accounts, so `cdk bootstrap --trust` of the
 * management account decides what they reach.
 */
export class CiStack extends Stack {
  readonly oidcProvider: GitHubOidcProvider;
  readonly deployRole: GitHubActionsRole;
  readonly diffRole: GitHubActionsRole;

  constructor(scope: Construct, id: string, props: CiStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, ci } = props;
    const accounts = [naming.accounts.management, naming.accounts.logArchive, naming.accounts.audit];
    const repository = repositorySubject(ci.github);

    this.oidcProvider = new GitHubOidcProvider(this, 'GitHubOidcProvider', { create: ci.createOidcProvider });

    this.deployRole = new GitHubActionsRole(this, 'DeployRole', {
      roleName: naming.ciDeployRoleName,
      description: `GitHub Actions deploys of ${ci.github.owner}/${ci.github.repository} (environment ${ci.environment})`,
      provider: this.oidcProvider.provider,
      subject: `${repository}:environment:${ci.environment}`,
      assumableRoles: accounts.flatMap((account) =>
        CDK_ROLE_KINDS.map((role) => naming.cdkRoleOfKindArnPattern(account, role)),
      ),
      purpose: 'the CDK bootstrap roles of the landing zone accounts',
      maxSessionDuration: CI_DEPLOY_SESSION,
    });

    // A pull request's code runs in its job, so this role must stay read-only: lookup roles only.
    this.diffRole = new GitHubActionsRole(this, 'DiffRole', {
      roleName: naming.ciDiffRoleName,
      description: `GitHub Actions cdk diff of ${ci.github.owner}/${ci.github.repository} pull requests, read-only`,
      provider: this.oidcProvider.provider,
      subject: `${repository}:pull_request`,
      assumableRoles: accounts.map((account) => naming.cdkRoleOfKindArnPattern(account, 'lookup')),
      purpose: 'the read-only CDK lookup roles of the landing zone accounts',
    });

    new CfnOutput(this, 'DeployRoleArn', {
      description: 'The repository variable AWS_DEPLOY_ROLE_ARN',
      value: this.deployRole.role.roleArn,
    });
    new CfnOutput(this, 'DiffRoleArn', {
      description: 'The repository variable AWS_DIFF_ROLE_ARN',
      value: this.diffRole.role.roleArn,
    });
  }
}

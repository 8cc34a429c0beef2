import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The issuer of GitHub Actions' OIDC tokens; IAM names the provider, and prefixes its claims, with it. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

/** The audience aws-actions/configure-aws-credentials asks GitHub for, unless told otherwise. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

export interface GitHubOidcProviderProps {
  /**
   * Create the provider. IAM holds one OIDC provider per issuer URL in an
   * account, so where the account already has GitHub's, trust that one instead.
   * @default true
   */
  readonly create?: boolean;
}

/**
 * GitHub Actions' OIDC identity provider in this account, which lets a
 * workflow trade its short-lived token for a role session: no stored keys.
 *
 * No thumbprint is given. IAM verifies GitHub's token endpoint against its own
 * library of trusted root CAs, and keeps a thumbprint only as a legacy value it
 * no longer uses for GitHub (IAM API reference, UpdateOpenIDConnectProviderThumbprint;
 * aws-actions/configure-aws-credentials README, "Configuring IAM to trust GitHub").
 * Deleting the stack deletes a provider it created; it holds no data, and a
 * rolled-back first deploy so leaves none behind to block the next one.
 */
export class GitHubOidcProvider extends Construct {
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    this.provider =
      (props.create ?? true)
        ? new iam.OidcProviderNative(this, 'Resource', {
            url: `https://${GITHUB_OIDC_ISSUER}`,
            clientIds: [STS_AUDIENCE],
          })
        : iam.OidcProviderNative.fromOidcProviderArn(
            this,
            'Resource',
            Stack.of(this).formatArn({
              service: 'iam',
              region: '',
              resource: 'oidc-provider',
              resourceName: GITHUB_OIDC_ISSUER,
            }),
          );
  }
}

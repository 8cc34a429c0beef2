import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GitHubActionsRole, type GitHubActionsRoleProps } from '../../../lib/constructs/ci/github-actions-role';
import { GitHubOidcProvider } from '../../../lib/constructs/ci/github-oidc-provider';
import { newStack } from '../../support/app';

const PROVIDER_ARN = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const DEPLOY_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-*';
const LOOKUP_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-*';

describe('GitHubOidcProvider', () => {
  test('registers GitHub as the issuer for the STS audience, with no thumbprint', () => {
    const stack = newStack('111111111111');
    new GitHubOidcProvider(stack, 'Provider');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
      ThumbprintList: Match.absent(),
    });
  });

  test('with create false, trusts the provider the account already has and creates none', () => {
    const stack = newStack('111111111111');
    const { provider } = new GitHubOidcProvider(stack, 'Provider', { create: false });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(stack.resolve(provider.oidcProviderArn)).toBe(PROVIDER_ARN);
  });
});

describe('GitHubActionsRole', () => {
  function givenRole(overrides: Partial<GitHubActionsRoleProps> = {}) {
    const stack = newStack('111111111111');
    const provider = new GitHubOidcProvider(stack, 'Provider', { create: false }).provider;
    const role = new GitHubActionsRole(stack, 'Role', {
      roleName: 'lz-ci-deploy',
      description: 'deploys',
      provider,
      subject: 'repo:example-org/landing-zone:environment:production',
      assumableRoles: [DEPLOY_ROLE, LOOKUP_ROLE],
      purpose: 'the CDK bootstrap roles',
      ...overrides,
    });
    return { stack, role, template: Template.fromStack(stack) };
  }

  test('trusts exactly one subject for the STS audience, through the OIDC provider', () => {
    const { template } = givenRole();
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-ci-deploy',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: PROVIDER_ARN },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:example-org/landing-zone:environment:production',
              },
            },
          },
        ],
      },
    });
  });

  test('may only assume the given roles, through one managed policy', () => {
    const { template } = givenRole();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AssumeOnlyTheseRoles',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: [DEPLOY_ROLE, LOOKUP_ROLE],
          },
        ],
      },
    });
  });

  test('sessions last an hour unless asked for longer', () => {
    givenRole().template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600 });
    givenRole({ maxSessionDuration: Duration.hours(4) }).template.hasResourceProperties('AWS::IAM::Role', {
      MaxSessionDuration: 14400,
    });
  });

  test('acknowledges each wildcard role pattern, with its purpose', () => {
    const { stack } = givenRole();
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acknowledged).toHaveLength(2);
    expect(acknowledged).toEqual([
      expect.stringContaining(`AwsSolutions-IAM5[Resource::${DEPLOY_ROLE}]`),
      expect.stringContaining(`AwsSolutions-IAM5[Resource::${LOOKUP_ROLE}]`),
    ]);
  });

  test('fails when it may assume no role', () => {
    expect(() => givenRole({ assumableRoles: [] })).toThrow('lz-ci-deploy must be able to assume a role, got none');
  });
});

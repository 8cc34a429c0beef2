import { createValidatedPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { Naming } from '../../lib/naming';
import { CI_DEPLOY_SESSION, CiStack } from '../../lib/stacks/ci-stack';
import { configWith, exampleConfig, newApp, synthLandingZone } from '../support/app';

const MANAGEMENT = '111111111111';
const PROVIDER_ARN = `arn:aws:iam::${MANAGEMENT}:oidc-provider/token.actions.githubusercontent.com`;
const REPO = 'repo:example-org/landing-zone';

/** The stack alone, built from a config as the landing zone builds it. */
function givenStack(config: LandingZoneConfig = exampleConfig()) {
  const stack = new CiStack(newApp(), 'Ci', {
    env: { account: config.accounts.management, region: config.regions.home },
    naming: new Naming(config),
    ci: config.ci!,
  });
  return { stack, template: Template.fromStack(stack) };
}

/** A role's trust and identity policies as IAM holds them, the provider's `Ref` resolved to its ARN. */
function policiesOf(template: Template, roleName: string) {
  const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  const [[logicalId, role]] = Object.entries(roles);
  const providers = Object.keys(template.findResources('AWS::IAM::OIDCProvider'));
  const trust = JSON.parse(
    JSON.stringify(role.Properties.AssumeRolePolicyDocument).replace(
      new RegExp(`\\{"Ref":"(${providers.join('|')})"\\}`, 'g'),
      JSON.stringify(PROVIDER_ARN),
    ),
  );
  const identity = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => p.Properties.Roles.some((r: unknown) => JSON.stringify(r) === JSON.stringify({ Ref: logicalId })))
    .map((p) => p.Properties.PolicyDocument);
  return { trust, identity, roleArn: `arn:aws:iam::${MANAGEMENT}:role/${roleName}` };
}

/**
 * Whether a GitHub token with these claims may assume the role. The claims are
 * IAM's `token.actions.githubusercontent.com:sub` and `:aud` keys, which IAM
 * supports for every OIDC provider (IAM User Guide, "Available keys for AWS
 * OIDC federation") but the service authorization reference that the
 * validating simulator follows does not list for GitHub: the validating run
 * checks the policy, the unvalidated one evaluates the claims.
 */
async function tokenMayAssume(template: Template, roleName: string, claims: { sub: string; aud?: string }) {
  const { trust, roleArn } = policiesOf(template, roleName);
  const simulation = {
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: PROVIDER_ARN,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: { resource: roleArn, accountId: MANAGEMENT },
      contextVariables: {
        'token.actions.githubusercontent.com:sub': claims.sub,
        'token.actions.githubusercontent.com:aud': claims.aud ?? 'sts.amazonaws.com',
      },
    },
  };
  const validated = await runSimulation({ ...simulation, resourcePolicy: trust }, {});
  expect(validated.resultType).not.toBe('error');
  const decision = runUnsafeSimulation(
    { ...simulation, resourcePolicy: createValidatedPolicy(trust, () => [], { name: 'trust' }) as never },
    {},
  );
  return decision === 'Allowed';
}

/** Whether the role's session may assume a role that trusts the management account, as `cdk bootstrap --trust` does. */
async function sessionMayAssume(template: Template, roleName: string, target: string) {
  const { identity, roleArn } = policiesOf(template, roleName);
  const account = target.split(':')[4];
  const result = await runSimulation(
    {
      identityPolicies: identity.map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
        ],
      },
      request: {
        principal: roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/session',
        action: 'sts:AssumeRole',
        resource: { resource: target, accountId: account },
        contextVariables: {},
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult === 'Allowed';
}

const bootstrapRole = (account: string, role: string, region = 'eu-central-1') =>
  `arn:aws:iam::${account}:role/cdk-hnb659fds-${role}-role-${account}-${region}`;

describe('Ci stack', () => {
  const landingZone = synthLandingZone();
  const ci = landingZone.stacks.ci!;
  const template = landingZone.template('ci');

  test('lives in the management account and home region, with termination protection, on its own', () => {
    expect(ci.account).toBe(MANAGEMENT);
    expect(ci.region).toBe('eu-west-1');
    expect(ci.terminationProtection).toBe(true);
    expect(ci.dependencies).toEqual([]);
  });

  test('is built only when the config has a ci section', () => {
    const without = configWith((raw) => delete raw.ci);
    expect(synthLandingZone(without).stacks.ci).toBeUndefined();
  });

  test('creates the OIDC provider, or trusts the one the account has', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const existing = givenStack(configWith((raw) => (raw.ci.createOidcProvider = false)));
    existing.template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(policiesOf(existing.template, 'lz-ci-deploy').trust.Statement[0].Principal.Federated).toBe(PROVIDER_ARN);
  });

  test('deploy sessions last as long as the deploy workflow asks, four hours; diff sessions one', () => {
    expect(CI_DEPLOY_SESSION.toSeconds()).toBe(14400);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-ci-deploy', MaxSessionDuration: 14400 });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-ci-diff', MaxSessionDuration: 3600 });
  });

  test('outputs the two role ARNs for the repository variables', () => {
    expect(template.toJSON().Outputs).toMatchObject({
      DeployRoleArn: { Description: 'The repository variable AWS_DEPLOY_ROLE_ARN' },
      DiffRoleArn: { Description: 'The repository variable AWS_DIFF_ROLE_ARN' },
    });
  });

  describe('who may assume the deploy role (IAM policy engine over the synthesized trust policy)', () => {
    test.each([
      ['a job in the production environment', `${REPO}:environment:production`, undefined, true],
      ['a job on the main branch outside the environment', `${REPO}:ref:refs/heads/main`, undefined, false],
      ['a pull request job', `${REPO}:pull_request`, undefined, false],
      ['another environment', `${REPO}:environment:staging`, undefined, false],
      ['another repository of the owner', 'repo:example-org/other:environment:production', undefined, false],
      ['a look-alike owner', 'repo:example-org-fork/landing-zone:environment:production', undefined, false],
      ['a token for another audience', `${REPO}:environment:production`, 'https://github.com/example-org', false],
    ])('%s: %s', async (_what, sub, aud, allowed) => {
      expect(await tokenMayAssume(template, 'lz-ci-deploy', { sub, aud })).toBe(allowed);
    });
  });

  describe('who may assume the diff role', () => {
    test.each([
      ['a pull request job', `${REPO}:pull_request`, undefined, true],
      ['a job in the production environment', `${REPO}:environment:production`, undefined, false],
      ['a branch job', `${REPO}:ref:refs/heads/feature`, undefined, false],
      ["another repository's pull request", 'repo:example-org/other:pull_request', undefined, false],
      ['a token for another audience', `${REPO}:pull_request`, 'https://github.com/example-org', false],
    ])('%s: %s', async (_what, sub, aud, allowed) => {
      expect(await tokenMayAssume(template, 'lz-ci-diff', { sub, aud })).toBe(allowed);
    });
  });

  test('with immutable IDs configured, only the subject with both IDs is trusted', async () => {
    const immutable = givenStack(
      configWith((raw) => Object.assign(raw.ci.github, { ownerId: 123456, repositoryId: 789012 })),
    ).template;
    const withIds = 'repo:example-org@123456/landing-zone@789012';
    expect(await tokenMayAssume(immutable, 'lz-ci-deploy', { sub: `${withIds}:environment:production` })).toBe(true);
    expect(await tokenMayAssume(immutable, 'lz-ci-deploy', { sub: `${REPO}:environment:production` })).toBe(false);
    expect(await tokenMayAssume(immutable, 'lz-ci-diff', { sub: `${withIds}:pull_request` })).toBe(true);
  });

  describe('what a deploy session may assume', () => {
    const accounts = ['111111111111', '222222222222', '333333333333'];
    test.each(accounts.flatMap((a) => ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((r) => [a, r])))(
      'the %s bootstrap %s role',
      async (account, role) => {
        expect(await sessionMayAssume(template, 'lz-ci-deploy', bootstrapRole(account, role))).toBe(true);
      },
    );
    test.each([
      [
        'the CloudFormation execution role, which only CloudFormation assumes',
        bootstrapRole('222222222222', 'cfn-exec'),
      ],
      ['a member account bootstrap role', bootstrapRole('444444444444', 'deploy')],
      ['another qualifier', 'arn:aws:iam::222222222222:role/cdk-other-deploy-role-222222222222-eu-west-1'],
      ['the organization access role', 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole'],
      ['the diff role', `arn:aws:iam::${MANAGEMENT}:role/lz-ci-diff`],
    ])('not %s', async (_what, target) => {
      expect(await sessionMayAssume(template, 'lz-ci-deploy', target)).toBe(false);
    });
  });

  describe('what a diff session may assume: the lookup roles, nothing that writes', () => {
    test.each(['111111111111', '222222222222', '333333333333'])('the lookup role of %s', async (account) => {
      expect(await sessionMayAssume(template, 'lz-ci-diff', bootstrapRole(account, 'lookup'))).toBe(true);
    });
    test.each(['deploy', 'file-publishing', 'image-publishing', 'cfn-exec'])('not the %s role', async (role) => {
      expect(await sessionMayAssume(template, 'lz-ci-diff', bootstrapRole('222222222222', role))).toBe(false);
    });
    test('not the deploy role of the CI', async () => {
      expect(await sessionMayAssume(template, 'lz-ci-diff', `arn:aws:iam::${MANAGEMENT}:role/lz-ci-deploy`)).toBe(
        false,
      );
    });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Naming } from '../../lib/naming';
import { exampleConfig, newApp } from '../support/app';
import { landingZoneAssembly } from '../support/assembly-cache';
import type { OrganizationContext } from '../support/handlers/call-permissions';
import { type DeployedCustomResource, deployedCustomResources } from '../support/handlers/custom-resources';
import { HandlerHarness } from '../support/handlers/harness';
import {
  handlerSource,
  runScenarios,
  scenariosFor,
  ungrantedCalls,
  unexpectedOutcomes,
} from '../support/handlers/scenarios';
import { HANDLER_REGISTRATIONS } from './handler-registrations';

/**
 * Every custom resource of the app runs its deployed code through create,
 * update, delete and "already exists", with the AWS SDK mocked; every call
 * it makes, and every action the service documents that call to need, must
 * be granted by the role that makes it in the synthesized template.
 */
const config = exampleConfig();
const naming = new Naming(config);
const org: OrganizationContext = {
  managementAccount: config.accounts.management,
  organizationId: naming.organizationId,
};

let harness: HandlerHarness;
beforeAll(() => {
  harness = new HandlerHarness();
});
afterAll(() => harness.restore());

async function check(resource: DeployedCustomResource) {
  const results = await runScenarios(harness, resource, scenariosFor(resource, HANDLER_REGISTRATIONS));
  return {
    results,
    outcomes: unexpectedOutcomes(resource, results),
    ungranted: await ungrantedCalls(resource, results, org),
  };
}

describe('every call of every custom resource handler of the app', () => {
  // GIVEN the example landing zone, synthesized once
  const resources = deployedCustomResources(landingZoneAssembly(config));

  test('finds every custom resource, and a registration for every handler of lib/ they run', () => {
    const sources = new Set(resources.filter((r) => r.kind !== 'AwsCustomResource').map(handlerSource));
    expect([...sources].sort()).toEqual(HANDLER_REGISTRATIONS.map((r) => r.source).sort());
    expect(resources.filter((r) => r.kind === 'AwsCustomResource').length).toBeGreaterThan(0);
  });

  test("runs a Provider framework's handler through the framework, as the framework's role invokes it", async () => {
    const provider = resources.find((r) => r.kind === 'Provider framework');
    const [create] = await runScenarios(harness, provider!, scenariosFor(provider!, HANDLER_REGISTRATIONS).slice(0, 1));
    expect(create.status).toBe('SUCCESS');
    const invoke = create.calls.find((c) => c.service === 'lambda' && c.operation === 'Invoke');
    expect(invoke).toMatchObject({ caller: provider!.serviceToken, input: { FunctionName: provider!.onEvent!.arn } });
    expect(create.calls.filter((c) => c.caller === provider!.onEvent).length).toBeGreaterThan(0);
  });

  test.each(resources.map((r) => [`${r.id} (${r.type}, ${r.kind})`, r] as const))(
    '%s: each scenario answers as expected and its role grants every call',
    async (_name, resource) => {
      const { results, outcomes, ungranted } = await check(resource);
      expect(results.length).toBeGreaterThanOrEqual(3);
      expect(outcomes).toEqual([]);
      expect(ungranted).toEqual([]);
    },
  );
});

describe('the handler-calls gate', () => {
  function resourcesOf(build: (stack: Stack) => void): DeployedCustomResource[] {
    const app = newApp();
    const stack = new Stack(app, 'Gate', { env: { account: org.managementAccount, region: 'eu-west-1' } });
    build(stack);
    return deployedCustomResources(app.synth());
  }

  test('fails when the role lacks the call itself', async () => {
    // GIVEN an AwsCustomResource whose policy grants a different service principal
    const [resource] = resourcesOf((stack) => {
      const call = {
        service: 'Organizations',
        action: 'EnableAWSServiceAccess',
        parameters: { ServicePrincipal: 'config.amazonaws.com' },
        region: 'us-east-1',
        physicalResourceId: PhysicalResourceId.of('x'),
      };
      new AwsCustomResource(stack, 'Access', {
        onCreate: call,
        installLatestAwsSdk: false,
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['organizations:EnableAWSServiceAccess'],
            resources: ['*'],
            conditions: { StringEquals: { 'organizations:ServicePrincipal': 'cloudtrail.amazonaws.com' } },
          }),
        ]),
      });
    });
    // WHEN its scenarios run THEN the create names the call, the update makes none
    const { ungranted } = await check(resource);
    expect(ungranted).toEqual([
      expect.stringMatching(
        /^Gate\/Access\w+ create: Gate-AWS679\S+ lacks organizations:EnableAWSServiceAccess on \* \(the call\)$/,
      ),
    ]);
  });

  test('fails when the role lacks an action the service documents the call to need', async () => {
    // GIVEN Security Lake's registration granted alone, as AwsCustomResourcePolicy.fromSdkCalls would
    const [resource] = resourcesOf((stack) => {
      new AwsCustomResource(stack, 'Lake', {
        onCreate: {
          service: 'SecurityLake',
          action: 'RegisterDataLakeDelegatedAdministrator',
          parameters: { accountId: '222222222222' },
          physicalResourceId: PhysicalResourceId.of('x'),
        },
        installLatestAwsSdk: false,
        policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      });
    });
    const { ungranted } = await check(resource);
    // THEN every documented Organizations and IAM dependency is named, and the call itself is not
    expect(ungranted.map((line) => line.replace(/^.* lacks /, ''))).toEqual([
      'organizations:EnableAWSServiceAccess on * (needed by securitylake:RegisterDataLakeDelegatedAdministrator)',
      `organizations:RegisterDelegatedAdministrator on arn:aws:organizations::${org.managementAccount}:account/${org.organizationId}/222222222222 (needed by securitylake:RegisterDataLakeDelegatedAdministrator)`,
      'organizations:ListAccounts on * (needed by securitylake:RegisterDataLakeDelegatedAdministrator)',
      'organizations:ListDelegatedAdministrators on * (needed by securitylake:RegisterDataLakeDelegatedAdministrator)',
      'organizations:ListAWSServiceAccessForOrganization on * (needed by securitylake:RegisterDataLakeDelegatedAdministrator)',
      `organizations:DescribeOrganizationalUnit on arn:aws:organizations::${org.managementAccount}:ou/${org.organizationId}/ou-ex12-11111111 (needed by securitylake:RegisterDataLakeDelegatedAdministrator)`,
      `organizations:DescribeAccount on arn:aws:organizations::${org.managementAccount}:account/${org.organizationId}/222222222222 (needed by securitylake:RegisterDataLakeDelegatedAdministrator)`,
      `organizations:DescribeAccount on arn:aws:organizations::${org.managementAccount}:account/${org.organizationId}/444444444444 (needed by securitylake:RegisterDataLakeDelegatedAdministrator)`,
      'organizations:DescribeOrganization on * (needed by securitylake:RegisterDataLakeDelegatedAdministrator)',
      `iam:CreateServiceLinkedRole on arn:aws:iam::${org.managementAccount}:role/aws-service-role/securitylake.amazonaws.com/AWSServiceRoleForSecurityLake (needed by securitylake:RegisterDataLakeDelegatedAdministrator)`,
    ]);
  });

  test('fails when a call does not tolerate the error its API answers when the work is done already', async () => {
    // GIVEN a delegated-administrator registration that ignores no error code
    const [resource] = resourcesOf((stack) => {
      new AwsCustomResource(stack, 'Admin', {
        onCreate: {
          service: 'Organizations',
          action: 'RegisterDelegatedAdministrator',
          parameters: { AccountId: '333333333333', ServicePrincipal: 'config.amazonaws.com' },
          region: 'us-east-1',
          physicalResourceId: PhysicalResourceId.of('x'),
        },
        installLatestAwsSdk: false,
        policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      });
    });
    // WHEN Organizations answers that the account is registered already THEN CloudFormation is told FAILED
    const { outcomes } = await check(resource);
    expect(outcomes).toEqual([
      expect.stringMatching(
        /^Gate\/Admin\w+ create, already done \(AccountAlreadyRegisteredException\): FAILED \(AccountAlreadyRegisteredException\)$/,
      ),
    ]);
  });
});

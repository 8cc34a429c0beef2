import * as path from 'node:path';
import { isAllowed } from '../iam/policy-engine';
import { type OrganizationContext, requestsForCall } from './call-permissions';
import type { DeployedCustomResource } from './custom-resources';
import { awsError, type HandlerHarness, type Scenario, type ScenarioResult } from './harness';

const ROOT = path.resolve(__dirname, '../../..');

/** How to run a handler of lib/: the AWS answers of each lifecycle scenario. */
export interface HandlerRegistration {
  /** The handler's source file, relative to the repository root. */
  readonly source: string;
  /** Create first: later scenarios get the physical ID it answered. */
  readonly scenarios: readonly Scenario[];
}

/** The source a resource's events are handled by: the service token's, or a Provider framework's onEvent. */
export function handlerSource(resource: DeployedCustomResource): string {
  return path.relative(ROOT, (resource.onEvent ?? resource.serviceToken).module);
}

/**
 * The errors an API answers when what it would do is done already, by its
 * API reference: an "already exists" scenario answers each, and the
 * resource must still succeed.
 */
const ALREADY_DONE_ERRORS: Record<string, string> = {
  'organizations:RegisterDelegatedAdministrator': 'AccountAlreadyRegisteredException',
  'organizations:DeregisterDelegatedAdministrator': 'AccountNotRegisteredException',
  'organizations:EnablePolicyType': 'PolicyTypeAlreadyEnabledException',
};

/**
 * The scenarios a custom resource goes through. An AwsCustomResource's come
 * from its synthesized calls: each of Create, Update and Delete that it
 * defines, and the call answered by the error its API gives when the work is
 * done already, and by the first error code it ignores ("already done",
 * "already gone"); each must succeed. A handler of lib/ brings its own, from
 * its registration.
 */
export function scenariosFor(
  resource: DeployedCustomResource,
  registrations: readonly HandlerRegistration[],
): Scenario[] {
  if (resource.kind !== 'AwsCustomResource') {
    const registration = registrations.find((r) => r.source === handlerSource(resource));
    if (!registration) throw new Error(`${resource.id}: no registration for ${handlerSource(resource)}`);
    return [...registration.scenarios];
  }
  const scenarios: Scenario[] = [];
  for (const requestType of ['Create', 'Update', 'Delete'] as const) {
    scenarios.push({ name: requestType.toLowerCase(), requestType });
    const call = resource.properties[requestType] ? JSON.parse(resource.properties[requestType]) : undefined;
    if (!call) continue;
    const operation = `${sdkService(call.service)}:${call.action.charAt(0).toUpperCase()}${call.action.slice(1)}`;
    const ignored = String(call.ignoreErrorCodesMatching ?? '').split('|')[0];
    const codes = new Set([ALREADY_DONE_ERRORS[operation], /^\w+$/.test(ignored) ? ignored : undefined]);
    for (const code of codes) {
      if (!code) continue;
      const what = requestType === 'Delete' ? 'already gone' : 'already done';
      scenarios.push({
        name: `${requestType.toLowerCase()}, ${what} (${code})`,
        requestType,
        answers: { [operation]: awsError(code) },
      });
    }
  }
  return scenarios;
}

/** The IAM prefix of an AwsCustomResource call's service, as the harness records calls. */
function sdkService(service: string): string {
  const known: Record<string, string> = { sfn: 'states' };
  const key = service.toLowerCase().replace(/^@aws-sdk\/client-/, '');
  return known[key] ?? key;
}

/** Runs every scenario in order; update and delete get the physical ID the first create answered. */
export async function runScenarios(
  harness: HandlerHarness,
  resource: DeployedCustomResource,
  scenarios: readonly Scenario[],
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let created: ScenarioResult | undefined;
  for (const scenario of scenarios) {
    const result = await harness.execute(resource, scenario, created);
    if (scenario.requestType === 'Create' && !created && result.status === 'SUCCESS') created = result;
    results.push(result);
  }
  return results;
}

/** Scenarios that did not tell CloudFormation what they should, with its reason. */
export function unexpectedOutcomes(resource: DeployedCustomResource, results: readonly ScenarioResult[]): string[] {
  return results
    .filter((r) => r.status !== (r.scenario.expect ?? 'SUCCESS'))
    .map((r) => `${resource.id} ${r.scenario.name}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
}

/**
 * Every request of every call that its caller's role does not grant: `<id>
 * <scenario>: <role> lacks <action> on <resource> (<why>)`, by the IAM policy
 * engine over the role's policies in the synthesized template.
 */
export async function ungrantedCalls(
  resource: DeployedCustomResource,
  results: readonly ScenarioResult[],
  org: OrganizationContext,
): Promise<string[]> {
  const lines = new Set<string>();
  for (const result of results) {
    for (const call of result.calls) {
      let needed;
      try {
        needed = await requestsForCall(call, org);
      } catch (error) {
        lines.add(
          `${resource.id} ${result.scenario.name}: cannot check ${call.service}:${call.operation}: ${(error as Error).message}`,
        );
        continue;
      }
      for (const { request, why } of needed) {
        const decision = await isAllowed(call.caller.role, request);
        if (decision.allowed) continue;
        const role = call.caller.role.roleArn.split('/').pop();
        const what = `${request.action} on ${request.resource}`;
        lines.add(
          decision.error
            ? `${resource.id} ${result.scenario.name}: cannot evaluate ${what}: ${decision.error}`
            : `${resource.id} ${result.scenario.name}: ${role} lacks ${what} (${why})`,
        );
      }
    }
  }
  return [...lines];
}

/**
 * From an AWS API call to the IAM requests it makes: its own action on the
 * resource its input names, with the condition keys it carries, and the
 * dependent actions its service documents (test/fixtures/iam/dependent-actions.json).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { actionResourceTypes, arnOf } from '../iam/arns';
import type { AccessRequest } from '../iam/policy-engine';
import type { AwsCall } from './harness';

interface DependentAction {
  readonly action: string;
  readonly resource?: string | readonly string[];
  readonly context?: Readonly<Record<string, string>>;
}

export const DEPENDENT_ACTIONS: Record<string, { source: string; requires: DependentAction[] }> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/iam/dependent-actions.json'), 'utf8'),
).actions;

/** The organization the calls run in, for Organizations ARNs. */
export interface OrganizationContext {
  readonly managementAccount: string;
  readonly organizationId: string;
}

/** IAM actions whose name differs from the API operation's. */
const ACTION_NAMES: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/** A request with why it is needed, for the gate's message. */
export interface NeededRequest {
  readonly request: AccessRequest;
  readonly why: string;
}

export async function requestsForCall(call: AwsCall, org: OrganizationContext): Promise<NeededRequest[]> {
  const action = ACTION_NAMES[`${call.service}:${call.operation}`] ?? `${call.service}:${call.operation}`;
  const own = {
    request: { action, resource: await resourceOf(action, call, org), context: contextOf(call) },
    why: 'the call',
  };
  const dependents = DEPENDENT_ACTIONS[action]?.requires ?? [];
  const values = {
    managementAccount: org.managementAccount,
    organizationId: org.organizationId,
    account: call.caller.stack.account,
    region: call.region,
    ...Object.fromEntries(Object.entries(call.input).map(([k, v]) => [`input.${k}`, String(v)])),
  };
  const fill = (text: string) =>
    text.replace(/\$\{([\w.]+)\}/g, (_m, name: string) => {
      if (!(name in values)) throw new Error(`dependent action of ${action}: no value for \${${name}}`);
      return values[name as keyof typeof values];
    });
  const needed: NeededRequest[] = [own];
  for (const dependent of dependents) {
    const resources = dependent.resource === undefined ? ['*'] : [dependent.resource].flat().map(fill);
    for (const resource of resources) {
      needed.push({
        request: { action: dependent.action, resource, context: dependent.context },
        why: `needed by ${action}`,
      });
    }
  }
  return needed;
}

/**
 * The resource a call acts on: `*` for an action that accepts none, else its
 * Service Authorization Reference ARN format filled from the call's input
 * (`AccountId`, `RootId`, `DetectorId`...). Organizations resources belong
 * to the management account.
 */
async function resourceOf(action: string, call: AwsCall, org: OrganizationContext): Promise<string> {
  const special = SPECIAL_RESOURCES[action]?.(call);
  if (special) return special;
  const types = await actionResourceTypes(action);
  if (!types) throw new Error(`${action} is not an IAM action known to the Service Authorization Reference`);
  if (types.all.length === 0) return '*';
  const type = types.required[0] ?? types.all[0];
  const values: Record<string, string> = {
    Region: call.region,
    Account: call.service === 'organizations' ? org.managementAccount : call.caller.stack.account,
    OrganizationId: org.organizationId,
  };
  for (const [k, v] of Object.entries(call.input))
    if (typeof v === 'string') values[k.charAt(0).toUpperCase() + k.slice(1)] = v;
  try {
    return await arnOf(call.service, type, values);
  } catch (error) {
    throw new Error(
      `cannot tell which ${type} ${action} acts on: ${(error as Error).message}; add it to call-permissions.ts`,
    );
  }
}

/**
 * The role CreateServiceLinkedRole makes for a service: IAM names it, and the
 * call names only the service (IAM User Guide, "AWS services that work with IAM").
 */
const SERVICE_LINKED_ROLES: Record<string, string> = {
  'lakeformation.amazonaws.com': 'AWSServiceRoleForLakeFormationDataAccess',
  'inspector2.amazonaws.com': 'AWSServiceRoleForAmazonInspector2',
};

/** Resources the input names in a form the ARN format does not take. */
const SPECIAL_RESOURCES: Record<string, (call: AwsCall) => string | undefined> = {
  'iam:CreateServiceLinkedRole': (call) => {
    const service = String(call.input.AWSServiceName);
    const name = SERVICE_LINKED_ROLES[service];
    if (!name)
      throw new Error(
        `which role CreateServiceLinkedRole makes for ${service} is unknown; add it to call-permissions.ts`,
      );
    return `arn:aws:iam::${call.caller.stack.account}:role/aws-service-role/${service}/${name}`;
  },
  // The Provider framework names its handler by ARN.
  'lambda:InvokeFunction': (call) => call.input.FunctionName,
  'lambda:GetFunction': (call) => call.input.FunctionName,
  // KMS authorizes a call by alias against the key the alias names, in the alias's account and region.
  'kms:DescribeKey': (call) => {
    const alias = /^arn:aws:kms:([^:]+):(\d{12}):alias\//.exec(String(call.input.KeyId));
    return alias ? `arn:aws:kms:${alias[1]}:${alias[2]}:key/00000000-0000-4000-8000-0000000000aa` : undefined;
  },
};

function contextOf(call: AwsCall): Record<string, string> {
  const context: Record<string, string> = { 'aws:RequestedRegion': call.region };
  if (call.service === 'organizations') {
    if (call.input.ServicePrincipal) context['organizations:ServicePrincipal'] = call.input.ServicePrincipal;
    if (call.input.PolicyType) context['organizations:PolicyType'] = call.input.PolicyType;
  }
  if (call.service === 'iam' && call.input.AWSServiceName) context['iam:AWSServiceName'] = call.input.AWSServiceName;
  if (call.service === 'kms') {
    const alias = /:(alias\/.+)$/.exec(String(call.input.KeyId));
    if (alias) context['kms:RequestAlias'] = alias[1];
  }
  return context;
}

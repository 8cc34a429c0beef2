import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { HandlerPermissionsByType } from '../../../scripts/cfn-registry';
import { actionResourceTypes, arnOf, splitAction } from './arns';
import {
  CONDITIONAL_PERMISSIONS,
  CUSTOM_RESOURCE_ACTION,
  PRIMARY_RESOURCES,
  RELATED_RESOURCES,
  serviceArn,
  STACK_INSTANCE_ACTIONS,
  WILDCARD_REQUEST_CONTEXT,
} from './handler-permission-rules';
import { type AccessRequest, isAllowed, type RolePolicies, rolePolicies } from './policy-engine';
import { type CfnTemplate, TemplateResolver } from './template-resolver';

const vendored = (file: string): HandlerPermissionsByType =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/cfn-registry', file), 'utf8')).types;

/**
 * The vendored registry data (see test/fixtures/cfn-registry/README.md), and the
 * hand-kept lists of the few types CloudFormation handles without a registry
 * schema (non-registry-types.json, which says where each list comes from).
 */
export const HANDLER_PERMISSIONS: HandlerPermissionsByType = {
  ...vendored('handler-permissions.json'),
  ...vendored('non-registry-types.json'),
};

/** A StackSet that CloudFormation runs as a role of this app: one with self-managed permissions. */
export interface SelfManagedStackSet {
  /** `<stack>/<logical ID>`. */
  readonly id: string;
  readonly stackSetName: string;
  readonly executionRole: RolePolicies;
  readonly template: CfnTemplate;
  readonly instances: ReadonlyArray<{ readonly account: string; readonly region: string }>;
  /** StackSet tags, which CloudFormation propagates to every taggable resource. */
  readonly tagged: boolean;
}

/** Every self-managed StackSet of the assembly, with its execution role's policies from the same template. */
export function selfManagedStackSets(assembly: CloudAssembly): SelfManagedStackSet[] {
  return assembly.stacks.flatMap((stack) => {
    const resolver = new TemplateResolver(stack.template, {
      stackName: stack.stackName,
      account: stack.environment.account,
      region: stack.environment.region,
    });
    return resolver
      .resources()
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties?.PermissionModel === 'SELF_MANAGED')
      .map(([logicalId, r]) => {
        const id = `${stack.stackName}/${logicalId}`;
        const props = resolver.resolve(r.Properties);
        // CloudFormation's default when a StackSet names none.
        const roleName = props.ExecutionRoleName ?? 'AWSCloudFormationStackSetExecutionRole';
        const role = resolver
          .resources()
          .find(([rid, rr]) => rr.Type === 'AWS::IAM::Role' && resolver.ref(rid) === roleName);
        if (!role)
          throw new Error(`${id}: its execution role ${roleName} is not in the template, so it cannot be checked`);
        if (typeof props.TemplateBody !== 'string') throw new Error(`${id}: only a TemplateBody can be checked`);
        return {
          id,
          stackSetName: props.StackSetName,
          executionRole: rolePolicies(resolver, role[0]),
          template: JSON.parse(props.TemplateBody),
          instances: (props.StackInstancesGroup ?? []).flatMap((group: any) =>
            (group.DeploymentTargets.Accounts ?? []).flatMap((account: string) =>
              group.Regions.map((region: string) => ({ account, region })),
            ),
          ),
          tagged: (props.Tags ?? []).length > 0,
        };
      });
  });
}

interface Needed {
  readonly request: AccessRequest;
  readonly type: string;
  readonly logicalId: string;
  readonly operations: readonly string[];
}

/**
 * Every registry handler permission of every resource of the StackSet's
 * template, in every stack instance, that its execution role does not grant,
 * one line per resource type and action: `AWS::Events::Rule
 * events:TagResource [create, update, tagging] on arn:... (Rule1, Rule2) in
 * eu-west-1, us-east-1`. Lines starting `cannot` name what the gate could
 * not work out.
 */
export async function missingHandlerPermissions(
  stackSet: SelfManagedStackSet,
  registry: HandlerPermissionsByType = HANDLER_PERMISSIONS,
): Promise<string[]> {
  const problems = new Set<string>();
  const missing = new Map<string, { line: string; logicalIds: Set<string>; regions: Set<string> }>();
  for (const { account, region } of stackSet.instances) {
    const stackName = `StackSet-${stackSet.stackSetName}-00000000-0000-4000-8000-000000000000`;
    const resolver = new TemplateResolver(stackSet.template, { stackName, account, region });
    const needed: Needed[] = [
      ...STACK_INSTANCE_ACTIONS.map((action) => ({
        request: { action, resource: resolver.ref('AWS::StackId') },
        type: 'the stack instance',
        logicalId: stackName,
        operations: ['create', 'update', 'delete'],
      })),
    ];
    for (const [logicalId, resource] of resolver.resources()) {
      try {
        needed.push(...(await neededFor(resolver, logicalId, registry, stackSet.tagged)));
      } catch (error) {
        problems.add(`cannot check ${resource.Type} ${logicalId}: ${(error as Error).message}`);
      }
    }
    for (const n of needed) {
      const decision = await isAllowed(stackSet.executionRole, n.request);
      if (decision.allowed) continue;
      if (decision.error) {
        problems.add(`cannot evaluate ${n.request.action} on ${n.request.resource}: ${decision.error}`);
        continue;
      }
      const key = `${n.type} ${n.request.action} [${n.operations.join(', ')}]`;
      const entry = missing.get(key) ?? {
        line: `${key} on ${n.request.resource}`,
        logicalIds: new Set(),
        regions: new Set(),
      };
      entry.logicalIds.add(n.logicalId);
      entry.regions.add(region);
      missing.set(key, entry);
    }
  }
  return [
    ...[...problems].sort(),
    ...[...missing.values()]
      .map((m) => `${m.line} (${[...m.logicalIds].join(', ')}) in ${[...m.regions].join(', ')}`)
      .sort(),
  ];
}

async function neededFor(
  resolver: TemplateResolver,
  logicalId: string,
  registry: HandlerPermissionsByType,
  stackSetTagged: boolean,
): Promise<Needed[]> {
  const { Type: type, Properties: props = {} } = resolver.resource(logicalId);
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
    const request = { action: CUSTOM_RESOURCE_ACTION, resource: resolver.resolveString(props.ServiceToken) };
    return [{ request, type, logicalId, operations: ['create', 'update', 'delete'] }];
  }
  const entry = registry[type];
  if (!entry) {
    throw new Error(
      `no handler permissions vendored for ${type}; run npm run refresh:handler-permissions -- --types ${type}`,
    );
  }
  const operations = new Map<string, string[]>();
  const add = (action: string, op: string) => operations.set(action, [...(operations.get(action) ?? []), op]);
  for (const op of ['create', 'read', 'update', 'delete'] as const) entry[op].forEach((a) => add(a, op));
  const tagged = stackSetTagged || props.Tags !== undefined || entry.tagging.cloudFormationSystemTags;
  if (entry.tagging.taggable && tagged) entry.tagging.permissions.forEach((a) => add(a, 'tagging'));

  const needed: Needed[] = [];
  for (const [action, ops] of operations) {
    const conditional = CONDITIONAL_PERMISSIONS[type]?.find((c) => c.actions.includes(action));
    if (conditional && valueAt(props, conditional.property) === undefined) continue;
    for (const request of await requestsFor(resolver, logicalId, action)) {
      needed.push({ request, type, logicalId, operations: ops });
    }
  }
  return needed;
}

/** The requests a handler makes for `action`: on the resource itself, a related one, or `*`. */
async function requestsFor(resolver: TemplateResolver, logicalId: string, action: string): Promise<AccessRequest[]> {
  const { Type: type, Properties: props = {} } = resolver.resource(logicalId);
  const types = await actionResourceTypes(action);
  if (!types) throw new Error(`${action} is not an IAM action known to the Service Authorization Reference`);
  if (types.all.length === 0) return [{ action, resource: '*', context: WILDCARD_REQUEST_CONTEXT[type]?.[action] }];
  const [service] = splitAction(action);
  const primary = PRIMARY_RESOURCES[type];
  const [primaryService, primaryType] = primary?.resourceType.split(':') ?? [];
  if (primary && service === primaryService && types.all.includes(primaryType)) {
    const values = {
      Account: resolver.stack.account,
      Region: resolver.stack.region,
      ...primary.values(resolver, logicalId, props),
    };
    return [{ action, resource: serviceArn(action, await arnOf(service, primaryType, values)) }];
  }
  for (const name of types.all) {
    const related = RELATED_RESOURCES[type]?.[`${service}:${name}`];
    if (!related) continue;
    const context = related.context?.(resolver, logicalId);
    return related.arns(resolver, logicalId, props).map((resource) => ({ action, resource, context }));
  }
  throw new Error(
    `which resource ${action} acts on is unknown (resource types ${types.all.join(', ')}); add it to handler-permission-rules.ts`,
  );
}

function valueAt(props: Record<string, any>, dotted: string): unknown {
  return dotted.split('.').reduce<any>((v, key) => (v === undefined || v === null ? undefined : v[key]), props);
}

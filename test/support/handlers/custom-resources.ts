/**
 * Finds, in a synthesized cloud assembly, every custom resource and the
 * Lambda function behind it, and the source file each function runs: the
 * handler files of lib/ for inline code, and for asset code the handler
 * aws-cdk-lib ships (AwsCustomResource's provider, the Provider framework),
 * matched by content so that what runs here is what the template deploys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { type RolePolicies, rolePolicies } from '../iam/policy-engine';
import { type CfnTemplate, type StackContext, TemplateResolver } from '../iam/template-resolver';

const ROOT = path.resolve(__dirname, '../../..');
const CDK_LIB = path.dirname(require.resolve('aws-cdk-lib/package.json'));

/** The code of aws-cdk-lib's handlers, which run from their own directory so that their `require`s resolve. */
export const AWS_CUSTOM_RESOURCE_HANDLER = path.join(
  CDK_LIB,
  'custom-resource-handlers/dist/custom-resources/aws-custom-resource-handler',
);
export const PROVIDER_FRAMEWORK = path.join(CDK_LIB, 'custom-resources/lib/provider-framework/runtime');

/** A Lambda function of a template, with its role's policies and the module it runs. */
export interface DeployedFunction {
  readonly logicalId: string;
  readonly arn: string;
  readonly role: RolePolicies;
  /** Absolute path of the module the function's handler is in. */
  readonly module: string;
  readonly exportName: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Its Timeout: what a handler asking for its remaining time is told at the start. */
  readonly timeoutSeconds: number;
  readonly stack: StackContext;
}

export type CustomResourceKind = 'AwsCustomResource' | 'Provider framework' | 'handler';

export interface DeployedCustomResource {
  /** `<stack>/<logical ID>`, or `<stack>/<StackSet>/<region>/<logical ID>` inside a StackSet's template. */
  readonly id: string;
  readonly logicalId: string;
  readonly type: string;
  readonly kind: CustomResourceKind;
  /** As CloudFormation sends them: resolved, ServiceToken included. */
  readonly properties: Record<string, any>;
  readonly serviceToken: DeployedFunction;
  /** For the Provider framework: the function that handles the events. */
  readonly onEvent?: DeployedFunction;
  /** A function of the same template by ARN, so that a Lambda invocation can find its target. */
  readonly functionByArn: (arn: string) => DeployedFunction | undefined;
  readonly stack: StackContext;
}

/** Every custom resource of the assembly's stacks and of their StackSets' templates, in every instance. */
export function deployedCustomResources(assembly: CloudAssembly): DeployedCustomResource[] {
  return assembly.stacks.flatMap((stack) => {
    const context = {
      stackName: stack.stackName,
      account: stack.environment.account,
      region: stack.environment.region,
    };
    const resolver = new TemplateResolver(stack.template, context);
    const own = customResourcesOf(resolver, stack.stackName, (fn) => assetSource(assembly, stack, fn));
    const inStackSets = resolver
      .resources()
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet')
      .flatMap(([logicalId, r]) => {
        const props = resolver.resolve(r.Properties);
        const template: CfnTemplate = JSON.parse(props.TemplateBody);
        return (props.StackInstancesGroup ?? []).flatMap((group: any) =>
          (group.DeploymentTargets.Accounts ?? [stack.environment.account]).flatMap((account: string) =>
            group.Regions.map((region: string) => {
              const instance = new TemplateResolver(template, {
                stackName: `StackSet-${props.StackSetName}-00000000-0000-4000-8000-000000000000`,
                account,
                region,
              });
              return customResourcesOf(instance, `${stack.stackName}/${logicalId}/${region}`, () => {
                throw new Error(`${props.StackSetName}: a StackSet instance cannot use assets`);
              });
            }),
          ),
        );
      });
    return [...own, ...inStackSets.flat()];
  });
}

function customResourcesOf(
  resolver: TemplateResolver,
  prefix: string,
  asset: (fn: Record<string, any>) => string,
): DeployedCustomResource[] {
  const cache = new Map<string, DeployedFunction>();
  // Resolved on demand: only functions that serve a custom resource need a known source.
  const functionByArn = (arn: string) => {
    const found = resolver
      .resources()
      .find(([id, r]) => r.Type === 'AWS::Lambda::Function' && resolver.attribute(id, 'Arn') === arn);
    if (!found) return undefined;
    const [logicalId, r] = found;
    if (!cache.has(logicalId)) cache.set(logicalId, deployedFunction(resolver, logicalId, r.Properties ?? {}, asset));
    return cache.get(logicalId);
  };
  return resolver
    .resources()
    .filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    .map(([logicalId, r]) => {
      const properties = resolver.resolve(r.Properties);
      const id = `${prefix}/${logicalId}`;
      const serviceToken = functionByArn(properties.ServiceToken);
      if (!serviceToken)
        throw new Error(`${id}: its service token ${properties.ServiceToken} is no function of the template`);
      const kind = kindOf(serviceToken);
      const onEvent =
        kind === 'Provider framework' ? functionByArn(serviceToken.environment.USER_ON_EVENT_FUNCTION_ARN) : undefined;
      if (kind === 'Provider framework' && !onEvent)
        throw new Error(`${id}: the provider's onEvent function is not in the template`);
      return {
        id,
        logicalId,
        type: r.Type,
        kind,
        properties,
        serviceToken,
        onEvent,
        functionByArn,
        stack: resolver.stack,
      };
    });
}

function kindOf(fn: DeployedFunction): CustomResourceKind {
  if (fn.module.startsWith(AWS_CUSTOM_RESOURCE_HANDLER)) return 'AwsCustomResource';
  if (fn.module.startsWith(PROVIDER_FRAMEWORK)) return 'Provider framework';
  return 'handler';
}

function deployedFunction(
  resolver: TemplateResolver,
  logicalId: string,
  props: Record<string, any>,
  asset: (fn: Record<string, any>) => string,
): DeployedFunction {
  const [file, exportName] = String(props.Handler).split(/\.(?=[^.]+$)/);
  const code = props.Code ?? {};
  const roleArn = resolver.resolveString(props.Role);
  const role = resolver
    .resources()
    .find(([id, r]) => r.Type === 'AWS::IAM::Role' && resolver.attribute(id, 'Arn') === roleArn);
  if (!role) throw new Error(`${resolver.stack.stackName}/${logicalId}: its role ${roleArn} is not in the template`);
  const module =
    code.ZipFile !== undefined
      ? sourceOfInlineCode(resolver.resolveString(code.ZipFile), `${resolver.stack.stackName}/${logicalId}`)
      : sourceOfAsset(asset(props), `${file}.js`, `${resolver.stack.stackName}/${logicalId}`);
  return {
    logicalId,
    arn: resolver.attribute(logicalId, 'Arn'),
    role: rolePolicies(resolver, role[0]),
    module,
    exportName,
    environment: resolver.resolve(props.Environment?.Variables ?? {}),
    // Lambda's default when a function names none.
    timeoutSeconds: Number(resolver.resolve(props.Timeout ?? 3)),
    stack: resolver.stack,
  };
}

/** The handler files of lib/: `<name>-handler/index.js`. */
function libHandlers(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js') && path.basename(dir).endsWith('-handler')) found.push(full);
    }
  };
  walk(path.join(ROOT, 'lib'));
  return found;
}

function sourceOfInlineCode(code: string, id: string): string {
  const source = libHandlers().find((file) => fs.readFileSync(file, 'utf8') === code);
  if (!source) throw new Error(`${id}: its inline code is no handler file of lib/ (*-handler/*.js)`);
  return source;
}

function sourceOfAsset(stagedDir: string, file: string, id: string): string {
  const staged = fs.readFileSync(path.join(stagedDir, file), 'utf8');
  const source = [AWS_CUSTOM_RESOURCE_HANDLER, PROVIDER_FRAMEWORK, ...new Set(libHandlers().map(path.dirname))]
    .map((dir) => path.join(dir, file))
    .find((candidate) => fs.existsSync(candidate) && fs.readFileSync(candidate, 'utf8') === staged);
  if (!source) throw new Error(`${id}: no known source ships its code (${file})`);
  return source;
}

/** The staged directory of a function's asset code, from the stack's asset manifest. */
function assetSource(assembly: CloudAssembly, stack: CloudFormationStackArtifact, fn: Record<string, any>): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.id}.assets.json`), 'utf8'));
  const key = fn.Code?.S3Key;
  const asset = Object.values<any>(manifest.files ?? {}).find((f) =>
    Object.values<any>(f.destinations).some((d) => d.objectKey === key),
  );
  if (!asset) throw new Error(`${stack.stackName}: no asset for code ${key}`);
  return path.join(assembly.directory, asset.source.path);
}

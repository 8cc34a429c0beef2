/**
 * Resolves the CloudFormation intrinsics of a synthesized template into the
 * strings CloudFormation would produce for one stack (or stack instance), so
 * that policies and ARNs can be handed to a real IAM policy engine.
 *
 * Names CloudFormation generates (a role or policy without a name) become a
 * sample of the shape CloudFormation gives them, `<stack>-<logicalId>-<13
 * characters>`: a concrete name, so a policy that names its resources by a
 * pattern is checked against a name CloudFormation could really choose.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface StackContext {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
}

/** A sample of what CloudFormation appends to names it generates. */
const GENERATED_SUFFIX = 'A1B2C3D4E5F6G';

const PARTITION = 'aws';

export class TemplateResolver {
  constructor(
    readonly template: CfnTemplate,
    readonly stack: StackContext,
  ) {}

  /** The resources this stack creates: those whose condition holds. */
  resources(): Array<[string, CfnResource]> {
    return Object.entries(this.template.Resources).filter(([, r]) => !r.Condition || this.condition(r.Condition));
  }

  resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`${this.stack.stackName}: no resource ${logicalId}`);
    return resource;
  }

  /** Deeply resolves every intrinsic of `value`; `AWS::NoValue` removes the key. */
  resolve(value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      return this.intrinsic(entries[0][0], entries[0][1]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`${this.stack.stackName}: no condition ${name}`);
    return this.evaluate(expression);
  }

  /** What `Ref` returns for a resource. */
  ref(logicalId: string): string {
    const pseudo = this.pseudo(logicalId);
    if (pseudo !== undefined) return pseudo;
    const resource = this.resource(logicalId);
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${PARTITION}:iam::${this.stack.account}:policy${p.Path ?? '/'}${this.name(logicalId, p.ManagedPolicyName)}`;
      case 'AWS::IAM::Role':
        return this.name(logicalId, p.RoleName);
      case 'AWS::Lambda::Function':
        return this.name(logicalId, p.FunctionName);
      case 'AWS::Logs::LogGroup':
        return this.name(logicalId, p.LogGroupName);
      case 'AWS::Events::Rule':
        return this.name(logicalId, p.Name);
      case 'AWS::IAM::Policy':
        return this.name(logicalId, p.PolicyName);
      default:
        return this.generatedName(logicalId);
    }
  }

  /** What `Fn::GetAtt` returns; attributes of custom resources become samples. */
  attribute(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const p = resource.Properties ?? {};
    const { account, region } = this.stack;
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${PARTITION}:iam::${account}:role${p.Path ?? '/'}${this.ref(logicalId)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:${PARTITION}:lambda:${region}:${account}:function:${this.ref(logicalId)}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${PARTITION}:logs:${region}:${account}:log-group:${this.ref(logicalId)}:*`;
      case 'AWS::IAM::ManagedPolicy.PolicyArn':
        return this.ref(logicalId);
      case 'AWS::Events::Rule.Arn':
        return `arn:${PARTITION}:events:${region}:${account}:rule/${this.ref(logicalId)}`;
      default:
        if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') {
          return `sample-${logicalId}-${attribute}`;
        }
        throw new Error(
          `${this.stack.stackName}: cannot resolve Fn::GetAtt ${logicalId}.${attribute} (${resource.Type})`,
        );
    }
  }

  /** The physical name of a resource: the one the template gives, or one CloudFormation would generate. */
  name(logicalId: string, given: unknown): string {
    return given === undefined ? this.generatedName(logicalId) : this.resolveString(given);
  }

  generatedName(logicalId: string): string {
    return `${this.stack.stackName}-${logicalId}-${GENERATED_SUFFIX}`;
  }

  private pseudo(name: string): string | undefined {
    switch (name) {
      case 'AWS::AccountId':
        return this.stack.account;
      case 'AWS::Region':
        return this.stack.region;
      case 'AWS::Partition':
        return PARTITION;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.stack.stackName;
      case 'AWS::StackId':
        return `arn:${PARTITION}:cloudformation:${this.stack.region}:${this.stack.account}:stack/${this.stack.stackName}/00000000-0000-4000-8000-000000000000`;
      default:
        return undefined;
    }
  }

  private intrinsic(fn: string, arg: any): any {
    switch (fn) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? NO_VALUE : this.ref(arg);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
        return this.attribute(logicalId, this.resolveString(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg;
        return (this.resolve(parts) as unknown[]).map((p) => String(p)).join(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
        const values = this.resolve(variables) as Record<string, string>;
        return String(text).replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, name: string) => {
          if (bang) return `\${${name}}`;
          if (name in values) return values[name];
          const pseudo = this.pseudo(name);
          if (pseudo !== undefined) return pseudo;
          const [logicalId, attribute] = name.split(/\.(.*)/s);
          return attribute === undefined ? this.ref(logicalId) : this.attribute(logicalId, attribute);
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg;
        return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, text] = arg;
        return this.resolveString(text).split(separator);
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = arg;
        return this.resolve(this.condition(name) ? whenTrue : whenFalse);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as unknown[]).map((a) => this.resolve(a));
        return this.template.Mappings?.[map]?.[top]?.[second];
      }
      case 'Fn::Base64':
        return this.resolve(arg);
      default:
        throw new Error(`${this.stack.stackName}: unsupported intrinsic ${fn}`);
    }
  }

  private evaluate(expression: any): boolean {
    const [fn, arg] = Object.entries(expression)[0] as [string, any];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(arg[0])) === JSON.stringify(this.resolve(arg[1]));
      case 'Fn::Not':
        return !this.evaluate(arg[0]);
      case 'Fn::And':
        return (arg as unknown[]).every((a) => this.evaluate(a));
      case 'Fn::Or':
        return (arg as unknown[]).some((a) => this.evaluate(a));
      case 'Condition':
        return this.condition(arg);
      default:
        throw new Error(`${this.stack.stackName}: unsupported condition function ${fn}`);
    }
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

import { createHash } from 'node:crypto';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/**
 * The policies of a synthesized landing zone, as AWS would hold them once
 * deployed: every CloudFormation intrinsic resolved to the physical value
 * the stacks' names and the config give it. The access matrix
 * (`test/access/`) evaluates requests against them with a real IAM policy
 * engine; other tests can load them the same way.
 *
 * Physical names that CloudFormation would generate (a role without
 * `RoleName`, a key ID) get a stable stand-in derived from the stack and
 * logical ID, so an ARN is the same in every place a template uses it.
 */

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: Record<string, any>[];
}

/** A resource of a deployed template: where it lives, what it is called. */
export interface DeployedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly account: string;
  readonly region: string;
  /** The resource's ARN (or, for types without one, its name). */
  readonly arn: string;
  /** Properties with every intrinsic resolved. */
  readonly properties: Record<string, any>;
}

/** An organization policy (SCP or RCP) and the roots, OUs or accounts it is attached to. */
export interface OrganizationPolicy {
  readonly name: string;
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  readonly targetIds: readonly string[];
  readonly document: PolicyDocument;
}

interface Environment {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  /** The key an alias ARN of any deployed template names, for what reads it at deploy time (KeyArnLookup). */
  readonly keyOfAlias?: (aliasArn: string) => string | undefined;
}

interface TemplateJson {
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, any>; Condition?: string }>;
}

const PARTITION = 'aws';

/** The deployed resources of one template, in one account and region. */
export class DeployedTemplate {
  readonly resources: readonly DeployedResource[];
  private readonly physical = new Map<string, Physical>();
  private readonly conditions = new Map<string, boolean>();

  constructor(
    private readonly template: TemplateJson,
    private readonly env: Environment,
    private readonly parameters: Record<string, string> = {},
  ) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      this.physical.set(id, this.physicalIdentity(id, resource.Type, resource.Properties ?? {}));
    }
    this.resources = Object.entries(template.Resources)
      .filter(([, resource]) => !resource.Condition || this.condition(resource.Condition))
      .map(([id, resource]) => {
        let properties: Record<string, any> | undefined;
        const resolve = () => (properties ??= this.resolve(resource.Properties ?? {}, `${id}.Properties`));
        return {
          stack: env.stack,
          logicalId: id,
          type: resource.Type,
          account: env.account,
          region: env.region,
          arn: this.physical.get(id)!.attributes.Arn ?? this.physical.get(id)!.ref,
          // Resolved when first read: a template's other properties may use attributes no policy needs.
          get properties() {
            return resolve();
          },
        };
      });
  }

  /** Resolves every intrinsic in `value`; `where` names the place in errors. */
  resolve(value: any, where: string): any {
    if (Array.isArray(value)) {
      return value.map((v, i) => this.resolve(v, `${where}[${i}]`)).filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], value[keys[0]], where);
    }
    const out: Record<string, any> = {};
    for (const key of keys) {
      const resolved = this.resolve(value[key], `${where}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private intrinsic(name: string, arg: any, where: string): any {
    switch (name) {
      case 'Ref':
        return this.ref(arg, where);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        const target = this.physical.get(id);
        const value = target?.attributes[attribute];
        if (value === undefined) {
          throw new Error(`${this.env.stack} ${where}: cannot resolve Fn::GetAtt ${id}.${attribute}`);
        }
        return value;
      }
      case 'Fn::Join': {
        const [separator, parts] = arg;
        return this.resolve(parts, where).join(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const locals = this.resolve(vars, where);
        return String(text).replace(/\$\{([^}!]+)\}/g, (_m, v: string) => {
          if (v in locals) return locals[v];
          return v.includes('.') ? this.intrinsic('Fn::GetAtt', v.split('.'), where) : this.ref(v, where);
        });
      }
      case 'Fn::Select': {
        const [index, list] = this.resolve(arg, where);
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, text] = this.resolve(arg, where);
        return String(text).split(separator);
      }
      case 'Fn::If': {
        const [condition, then, otherwise] = arg;
        return this.resolve(this.condition(condition) ? then : otherwise, where);
      }
      case 'Fn::Equals': {
        const [a, b] = this.resolve(arg, where);
        return a === b;
      }
      case 'Fn::Not':
        return !this.resolve(arg[0], where);
      case 'Fn::And':
        return arg.every((c: any) => this.resolve(c, where));
      case 'Fn::Or':
        return arg.some((c: any) => this.resolve(c, where));
      case 'Condition':
        return this.condition(arg);
      default:
        throw new Error(`${this.env.stack} ${where}: intrinsic ${name} is not supported`);
    }
  }

  private condition(name: string): boolean {
    if (!this.conditions.has(name)) {
      const definition = this.template.Conditions?.[name];
      if (definition === undefined) throw new Error(`${this.env.stack}: no condition ${name}`);
      this.conditions.set(name, Boolean(this.resolve(definition, `Conditions.${name}`)));
    }
    return this.conditions.get(name)!;
  }

  private ref(name: string, where: string): any {
    const pseudo: Record<string, any> = {
      'AWS::AccountId': this.env.account,
      'AWS::Region': this.env.region,
      'AWS::Partition': PARTITION,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': this.env.stack,
      'AWS::NoValue': NO_VALUE,
    };
    if (name in pseudo) return pseudo[name];
    if (name in this.parameters) return this.parameters[name];
    const target = this.physical.get(name);
    if (!target) throw new Error(`${this.env.stack} ${where}: cannot resolve Ref ${name}`);
    return target.ref;
  }

  /** What Ref and Fn::GetAtt return for a resource, as CloudFormation would name it. */
  private physicalIdentity(id: string, type: string, props: Record<string, any>): Physical {
    const { account, region, stack } = this.env;
    // Names are literal in this project's templates; a computed one is resolved, a missing one generated.
    const named = (key: string) => (props[key] === undefined ? generatedName(stack, id) : this.resolveName(props[key]));
    const arn = (service: string, resource: string, inRegion = region) =>
      `arn:${PARTITION}:${service}:${inRegion}:${account}:${resource}`;
    switch (type) {
      case 'AWS::S3::Bucket': {
        const name = named('BucketName').toLowerCase();
        return { ref: name, attributes: { Arn: `arn:${PARTITION}:s3:::${name}` } };
      }
      case 'AWS::KMS::Key': {
        const keyId = stableUuid(`${account}/${region}/${stack}/${id}`);
        return { ref: keyId, attributes: { Arn: arn('kms', `key/${keyId}`), KeyId: keyId } };
      }
      case 'AWS::KMS::Alias':
        return { ref: named('AliasName'), attributes: {} };
      case 'AWS::IAM::Role': {
        const name = named('RoleName');
        const path = props.Path ?? '/';
        return {
          ref: name,
          attributes: { Arn: `arn:${PARTITION}:iam::${account}:role${path}${name}`, RoleId: `AROA${id}` },
        };
      }
      case 'AWS::IAM::ManagedPolicy': {
        const policyArn = `arn:${PARTITION}:iam::${account}:policy${props.Path ?? '/'}${named('ManagedPolicyName')}`;
        return { ref: policyArn, attributes: { PolicyArn: policyArn } };
      }
      case 'AWS::SNS::Topic': {
        const name = named('TopicName');
        const topicArn = arn('sns', name);
        return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
      }
      case 'AWS::Events::EventBus': {
        const name = named('Name');
        return { ref: name, attributes: { Arn: arn('events', `event-bus/${name}`), Name: name } };
      }
      case 'AWS::Events::Rule': {
        const name = named('Name');
        const bus = props.EventBusName === undefined ? '' : `${this.resolveName(props.EventBusName)}/`;
        return { ref: name, attributes: { Arn: arn('events', `rule/${bus}${name}`) } };
      }
      case 'AWS::Lambda::Function': {
        const name = named('FunctionName');
        return { ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
      }
      case 'AWS::Logs::LogGroup': {
        const name = named('LogGroupName');
        return { ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
      }
      case 'AWS::CloudTrail::Trail': {
        const name = named('TrailName');
        return { ref: name, attributes: { Arn: arn('cloudtrail', `trail/${name}`) } };
      }
      case 'AWS::Chatbot::SlackChannelConfiguration': {
        const configArn = `arn:${PARTITION}:chatbot::${account}:chat-configuration/slack-channel/${named('ConfigurationName')}`;
        return { ref: configArn, attributes: { Arn: configArn } };
      }
      case 'Custom::KmsAliasTarget': {
        // KeyArnLookup: an AwsCustomResource whose DescribeKey call answers the key ARN of an alias.
        // Resolved when read, once every template is loaded.
        const keyArn = () => {
          const aliasArn: string = JSON.parse(this.resolveName(props.Create)).parameters.KeyId;
          const arn = this.env.keyOfAlias?.(aliasArn);
          if (!arn) throw new Error(`${stack} ${id}: no key is known for ${aliasArn}`);
          return arn;
        };
        return {
          get ref() {
            return keyArn();
          },
          attributes: {
            // Its own identity, which nothing but this loader reads.
            Arn: arn('cloudformation', `custom-resource/${stack}/${id}`),
            get 'KeyMetadata.Arn'() {
              return keyArn();
            },
          },
        };
      }
      case 'AWS::SecurityLake::DataLake': {
        const lakeArn = arn('securitylake', 'data-lake/default');
        return {
          ref: lakeArn,
          attributes: {
            Arn: lakeArn,
            S3BucketArn: `arn:${PARTITION}:s3:::aws-security-data-lake-${region}-${stableUuid(stack).slice(0, 8)}`,
          },
        };
      }
      default:
        return { ref: generatedName(stack, id), attributes: {} };
    }
  }

  /** Names may be intrinsics themselves (`Fn::Sub` on the region); those resolve without resource references. */
  private resolveName(value: any): string {
    return String(this.resolve(value, 'name'));
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** What Ref returns, and the attributes Fn::GetAtt can read. */
interface Physical {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

function generatedName(stack: string, logicalId: string): string {
  return `${stack}-${logicalId}-${stableUuid(`${stack}/${logicalId}`).slice(0, 12).toUpperCase()}`;
}

function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Every deployed template of an app, StackSet instances included: a
 * StackSet's template is instantiated in each account and region it names
 * (self-managed) or, for service-managed StackSets, in the member accounts a
 * test asks for with `stackSetInstance`.
 */
export class DeployedLandingZone {
  readonly templates: readonly DeployedTemplate[];
  readonly resources: readonly DeployedResource[];
  readonly organizationPolicies: readonly OrganizationPolicy[];

  constructor(templates: readonly DeployedTemplate[]) {
    this.templates = templates;
    this.resources = templates.flatMap((t) => t.resources);
    this.organizationPolicies = this.resources
      .filter((r) => r.type === 'AWS::Organizations::Policy')
      .map((r) => ({
        name: r.properties.Name,
        type: r.properties.Type,
        targetIds: r.properties.TargetIds ?? [],
        document: typeof r.properties.Content === 'string' ? JSON.parse(r.properties.Content) : r.properties.Content,
      }));
  }

  /** Loads every stack of a synthesized app, and the self-managed StackSets' instances. */
  static fromAssembly(assembly: CloudAssembly): DeployedLandingZone {
    // A lookup (KeyArnLookup) names a key of another account's stack: resolved once the stacks are loaded.
    const loaded: { stacks?: DeployedLandingZone } = {};
    const keyOfAlias = (aliasArn: string) => {
      const [, , , region, account, alias] = aliasArn.split(':');
      return loaded.stacks?.keyArn(alias, account, region);
    };
    const templates: DeployedTemplate[] = assembly.stacks.map(
      (stack) =>
        new DeployedTemplate(stack.template, {
          stack: stack.stackName,
          account: stack.environment.account,
          region: stack.environment.region,
          keyOfAlias,
        }),
    );
    const stacks = (loaded.stacks = new DeployedLandingZone(templates));
    const instances = stacks.resources
      .filter((r) => r.type === 'AWS::CloudFormation::StackSet' && r.properties.PermissionModel === 'SELF_MANAGED')
      .flatMap((set) =>
        set.properties.StackInstancesGroup.flatMap((group: any) =>
          group.DeploymentTargets.Accounts.flatMap((account: string) =>
            group.Regions.map((region: string) => stackSetInstance(set, account, region)),
          ),
        ),
      );
    return new DeployedLandingZone([...templates, ...instances]);
  }

  /** The instance of a (service-managed) StackSet in one member account and region, as a loaded template. */
  withStackSetInstance(stackSetName: string, account: string, region: string): DeployedLandingZone {
    const set = this.resources.find(
      (r) => r.type === 'AWS::CloudFormation::StackSet' && r.properties.StackSetName === stackSetName,
    );
    if (!set) throw new Error(`no StackSet named ${stackSetName}`);
    return new DeployedLandingZone([...this.templates, stackSetInstance(set, account, region)]);
  }

  /** The one resource of `type` whose ARN (or name) is `arn`. */
  resource(type: string, arn: string): DeployedResource {
    const found = this.resources.filter((r) => r.type === type && r.arn === arn);
    if (found.length !== 1) throw new Error(`expected one ${type} ${arn}, found ${found.length}`);
    return found[0];
  }

  /** The ARN of the KMS key an alias names, in an account and region. */
  keyArn(alias: string, account: string, region: string): string {
    const aliasResource = this.resources.find(
      (r) =>
        r.type === 'AWS::KMS::Alias' &&
        r.properties.AliasName === alias &&
        r.account === account &&
        r.region === region,
    );
    if (!aliasResource) throw new Error(`no alias ${alias} in ${account} ${region}`);
    return this.keyOf(aliasResource);
  }

  /** The aliases that point at a key, which KMS puts in the request context as `kms:ResourceAliases`. */
  aliasesOf(keyArn: string): string[] {
    return this.resources
      .filter((r) => r.type === 'AWS::KMS::Alias' && this.keyOf(r) === keyArn)
      .map((r) => r.properties.AliasName);
  }

  /** An alias's target is a key ID or a key ARN. */
  private keyOf(alias: DeployedResource): string {
    const target: string = alias.properties.TargetKeyId;
    return target.startsWith('arn:') ? target : `arn:${PARTITION}:kms:${alias.region}:${alias.account}:key/${target}`;
  }

  /**
   * The resource-based policy AWS evaluates for a request on `arn`, and the
   * account that owns the resource: a bucket's policy for the bucket and its
   * objects, a key policy, an event bus or topic policy, a role's trust
   * policy for `sts:AssumeRole`. `undefined` when the landing zone deploys
   * no such resource.
   */
  resourcePolicy(arn: string, action: string): { policy?: PolicyDocument; account: string } | undefined {
    const [, , service, , , rest] = arn.split(':');
    const find = (type: string, match: (r: DeployedResource) => boolean) =>
      this.resources.find((r) => r.type === type && match(r));
    if (service === 's3') {
      const bucketName = rest.split('/')[0];
      const bucket = find('AWS::S3::Bucket', (r) => r.arn === `arn:${PARTITION}:s3:::${bucketName}`);
      if (!bucket) return undefined;
      const policy = find('AWS::S3::BucketPolicy', (r) => r.properties.Bucket === bucketName);
      return { policy: policy?.properties.PolicyDocument, account: bucket.account };
    }
    if (service === 'kms') {
      const key = find('AWS::KMS::Key', (r) => r.arn === arn);
      return key && { policy: key.properties.KeyPolicy, account: key.account };
    }
    if (service === 'sns') {
      const topic = find('AWS::SNS::Topic', (r) => r.arn === arn);
      if (!topic) return undefined;
      const policy = find('AWS::SNS::TopicPolicy', (r) => r.properties.Topics.includes(arn));
      return { policy: policy?.properties.PolicyDocument, account: topic.account };
    }
    if (service === 'events' && rest.startsWith('event-bus/')) {
      const bus = find('AWS::Events::EventBus', (r) => r.arn === arn);
      if (!bus) return undefined;
      const statements = this.resources
        .filter((r) => r.type === 'AWS::Events::EventBusPolicy' && r.properties.EventBusName === bus.properties.Name)
        .map((r) => r.properties.Statement);
      return {
        policy: statements.length ? { Version: '2012-10-17', Statement: statements } : undefined,
        account: bus.account,
      };
    }
    if (service === 'iam' && action.toLowerCase().startsWith('sts:')) {
      const role = find('AWS::IAM::Role', (r) => r.arn === arn);
      return role && { policy: role.properties.AssumeRolePolicyDocument, account: role.account };
    }
    return undefined;
  }

  /**
   * The identity policies of a role the landing zone deploys: its inline
   * policies and the customer-managed policies attached to it, by ARN or by
   * `Roles`. AWS managed policies (`arn:aws:iam::aws:policy/...`) are not
   * vendored here: a case that needs one states it (see `access.ts`).
   */
  identityPolicies(roleArn: string): { name: string; policy: PolicyDocument }[] {
    const role = this.resource('AWS::IAM::Role', roleArn);
    const inline = (role.properties.Policies ?? []).map((p: any) => ({ name: p.PolicyName, policy: p.PolicyDocument }));
    const managedArns: string[] = role.properties.ManagedPolicyArns ?? [];
    const managed = this.resources
      .filter(
        (r) =>
          r.type === 'AWS::IAM::ManagedPolicy' &&
          r.account === role.account &&
          (managedArns.includes(r.arn) ||
            (r.properties.Roles ?? []).includes(role.properties.RoleName ?? roleName(roleArn))),
      )
      .map((r) => ({ name: r.arn, policy: r.properties.PolicyDocument }));
    const attached = this.resources
      .filter(
        (r) =>
          r.type === 'AWS::IAM::Policy' &&
          r.account === role.account &&
          (r.properties.Roles ?? []).includes(roleName(roleArn)),
      )
      .map((r) => ({ name: r.properties.PolicyName, policy: r.properties.PolicyDocument }));
    const awsManaged = managedArns.filter((arn) => arn.startsWith(`arn:${PARTITION}:iam::aws:policy/`));
    if (awsManaged.length > 0) {
      throw new Error(`${roleArn} has AWS managed policies (${awsManaged.join(', ')}); state them in the case`);
    }
    return [...inline, ...managed, ...attached];
  }
}

function roleName(roleArn: string): string {
  return roleArn.split('/').pop()!;
}

function stackSetInstance(set: DeployedResource, account: string, region: string): DeployedTemplate {
  // StackSets names each instance's stack StackSet-<name>-<generated ID>.
  const stack = `StackSet-${set.properties.StackSetName}-${stableUuid(`${account}/${region}`)}`;
  const parameters = Object.fromEntries(
    (set.properties.Parameters ?? []).map((p: any) => [p.ParameterKey, p.ParameterValue]),
  );
  return new DeployedTemplate(JSON.parse(set.properties.TemplateBody), { stack, account, region }, parameters);
}

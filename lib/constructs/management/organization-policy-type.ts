import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeDeploymentLambda } from '../custom-resource-provider';

export interface OrganizationPolicyTypeProps {
  /** The type as Organizations names it, e.g. `RESOURCE_CONTROL_POLICY`. */
  readonly policyType: string;
  readonly organizationId: string;
  /** The organization's root, where every policy type is enabled. */
  readonly rootId: string;
}

/** How long the provider framework polls the root before it fails the deployment. */
export const POLICY_TYPE_WAIT = Duration.minutes(10);

const HANDLER_CODE = fs.readFileSync(path.join(__dirname, 'organization-policy-type-handler', 'index.js'), 'utf8');

/** The last policy type enabled in each stack: Organizations takes one change at a time. */
const lastInStack = new WeakMap<Stack, IConstruct>();

/**
 * One Organizations policy type, enabled on the root before any policy of the
 * type is attached: depend on this construct. `EnablePolicyType` is
 * asynchronous (the root reports PENDING_ENABLE first), so a Provider-framework
 * custom resource polls `ListRoots` with `isComplete` until the type is
 * ENABLED, for at most POLICY_TYPE_WAIT. A type already enabled is accepted;
 * deleting leaves it enabled, since disabling a type detaches every policy of
 * it in the organization. The types of a stack are enabled one after another,
 * through one provider per stack.
 */
export class OrganizationPolicyType extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: OrganizationPolicyTypeProps) {
    super(scope, id);
    if (!/^[A-Z][A-Z0-9_]*$/.test(props.policyType)) {
      throw new Error(`policyType must be an Organizations policy type such as S3_POLICY, got ${props.policyType}`);
    }
    if (!/^r-[0-9a-z]{4,32}$/.test(props.rootId)) throw new Error(`rootId must be a root ID, got ${props.rootId}`);
    const stack = Stack.of(this);
    const provider = PolicyTypeProvider.of(stack);
    provider.allow(
      props.policyType,
      `arn:aws:organizations::${stack.account}:root/${props.organizationId}/${props.rootId}`,
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::OrganizationsPolicyType',
      properties: { RootId: props.rootId, PolicyType: props.policyType },
    });
    const previous = lastInStack.get(stack);
    if (previous) this.node.addDependency(previous);
    lastInStack.set(stack, this);
  }
}

/** The stack's one provider: an onEvent and an isComplete function, and the framework's waiter. */
class PolicyTypeProvider extends Construct {
  static of(stack: Stack): PolicyTypeProvider {
    const id = 'OrganizationPolicyTypeProvider';
    return (stack.node.tryFindChild(id) as PolicyTypeProvider | undefined) ?? new PolicyTypeProvider(stack, id);
  }

  readonly serviceToken: string;
  private readonly checker: lambda.Function;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // One retained group for the handlers, the framework and its waiter: all serve these resources alone.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const fn = (name: string, handler: string, description: string) =>
      new lambda.Function(this, name, {
        description,
        runtime: lambda.Runtime.NODEJS_24_X,
        handler,
        code: lambda.Code.fromInline(HANDLER_CODE),
        timeout: Duration.minutes(1),
        logGroup,
      });
    const starter = fn(
      'OnEvent',
      'index.onEventHandler',
      'Names the policy type resource; isComplete enables the type',
    );
    this.checker = fn('IsComplete', 'index.isCompleteHandler', 'Enables an Organizations policy type and waits for it');
    // ListRoots and DescribeOrganization (which EnablePolicyType reads) accept no resource ARN.
    this.checker.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:ListRoots', 'organizations:DescribeOrganization'],
        resources: ['*'],
      }),
    );
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: starter,
      isCompleteHandler: this.checker,
      queryInterval: Duration.seconds(15),
      totalTimeout: POLICY_TYPE_WAIT,
      logGroup,
      // The framework leaves its waiter unlogged unless told otherwise.
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledge([starter, this.checker], provider, logGroup);
  }

  /** Lets the checker enable one more type, on the root only. */
  allow(policyType: string, rootArn: string) {
    this.checker.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:EnablePolicyType'],
        resources: [rootArn],
        conditions: { StringEquals: { 'organizations:PolicyType': policyType } },
      }),
    );
  }

  private acknowledge(handlers: lambda.Function[], provider: cr.Provider, logGroup: logs.LogGroup) {
    const what = 'The Organizations policy-type custom-resource Lambda';
    const frameworkFunctions = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'].map((id) =>
      provider.node.findChild(id),
    );
    for (const fn of [...handlers, ...frameworkFunctions]) {
      acknowledgeDeploymentLambda(fn, what, { basicExecutionRole: true });
      Validations.of(fn).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: `${what}: its role's one policy is used by nothing else.`,
      });
    }
    Validations.of(this.checker).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'organizations:ListRoots and organizations:DescribeOrganization accept no resource ARN; EnablePolicyType itself is scoped to the root and to each policy type.',
    });
    const stack = Stack.of(this);
    const arnOf = (fn: IConstruct) => `<${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>`;
    Validations.of(provider).acknowledge(
      ...[...handlers, ...frameworkFunctions].map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        reason:
          'The provider framework and its waiter may invoke every version of their own handler functions (function ARN plus :*), nothing else.',
      })),
    );
    const waiter = provider.node.findChild('waiter-state-machine');
    Validations.of(waiter).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "The provider framework's waiter sets up its own log delivery to the provider's log group; CloudWatch Logs authorizes log-delivery actions on * only.",
      },
      {
        id: 'AwsSolutions-SF2',
        reason:
          "The provider framework's waiter only polls the isComplete handler a few times per deployment; its executions are logged in full, and X-Ray tracing would add nothing to that.",
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "The provider framework's waiter role: its one policy lets it invoke its own functions and log, and is used by nothing else.",
      },
    );
    Validations.of(logGroup).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        'Holds only which policy type was enabled on which root and when, no log data; CloudWatch Logs encrypts it at rest with its service key.',
    });
  }
}

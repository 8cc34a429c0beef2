import { Aspects, type IAspect, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';

/** The finding cdk-nag reports for a Lambda role with the AWS managed basic-execution policy. */
export const BASIC_EXECUTION_ROLE =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export interface DeploymentLambdaOptions {
  /** Its role carries AWSLambdaBasicExecutionRole. @default false */
  readonly basicExecutionRole?: boolean;
}

/**
 * Acknowledges the findings a custom-resource Lambda raises by design: it runs
 * only while CloudFormation deploys, is invoked synchronously, and calls only
 * public AWS control-plane APIs. `what` names the Lambda in each reason.
 */
export function acknowledgeDeploymentLambda(fn: IConstruct, what: string, options: DeploymentLambdaOptions = {}) {
  const why = `${what}, which runs only when CloudFormation deploys a custom resource`;
  Validations.of(fn).acknowledge(
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${why}; reserved concurrency would only withhold capacity.` },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${why}; CloudFormation invokes it synchronously and reports failures.` },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${why}; it calls only public AWS control-plane APIs.` },
    ...(options.basicExecutionRole
      ? [{ id: BASIC_EXECUTION_ROLE, reason: `${why}; AWSLambdaBasicExecutionRole lets it write its own logs only.` }]
      : []),
  );
}

const acknowledgedProviders = new WeakSet<IConstruct>();

const PROVIDER_ID = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

/**
 * Acknowledges, once per stack, the singleton Lambda that runs every
 * `AwsCustomResource` of `stack`; call it once the first one exists.
 */
export function acknowledgeAwsCustomResourceProvider(stack: Stack, options: DeploymentLambdaOptions = {}) {
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (!provider) throw new Error(`no AwsCustomResource provider Lambda in stack ${stack.stackName} yet`);
  if (acknowledgedProviders.has(provider)) return;
  acknowledgedProviders.add(provider);
  acknowledgeDeploymentLambda(provider, 'The CDK AwsCustomResource provider Lambda', options);
}

export interface CustomResourceProviderLogsProps {
  /** Encrypts the log events. @default - CloudWatch Logs' own service key */
  readonly encryptionKey?: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
}

/**
 * The log group of a stack's `AwsCustomResource` provider Lambda. Every
 * AwsCustomResource of a stack runs in one singleton Lambda whose log group
 * the first one fixes, so the stack creates this first and hands it to each.
 */
export class CustomResourceProviderLogs extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CustomResourceProviderLogsProps = {}) {
    super(scope, id);
    Aspects.of(Stack.of(this)).add(new ProviderAfterItsPolicies());
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      encryptionKey: props.encryptionKey,
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    if (!props.encryptionKey) {
      Validations.of(this.logGroup).acknowledge({
        id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
        reason:
          'Holds only the request and response summaries of control-plane API calls (service principals, account IDs), no log data; CloudWatch Logs encrypts it at rest with its service key.',
      });
    }
  }

  /** Acknowledges the findings of the singleton provider Lambda; call once its first AwsCustomResource exists. */
  acknowledgeProvider() {
    acknowledgeAwsCustomResourceProvider(Stack.of(this), { basicExecutionRole: true });
  }
}

/**
 * Every AwsCustomResource of a stack runs as one role, which gets each call's
 * statements as a policy of its own; a call waits only for its own policy,
 * and IAM applies a new policy only after a while, so the first call could
 * be denied, and AwsCustomResource's handler does not retry
 * (aws/aws-cdk#37675). Creating the provider Lambda only once its policies
 * exist puts the function's creation between them and every call. A policy
 * that itself waits for something (its construct depends on other
 * resources) is left out: it may wait for a call of this very Lambda.
 */
class ProviderAfterItsPolicies implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof Stack)) return;
    const provider = node.node.tryFindChild(PROVIDER_ID)?.node.defaultChild;
    if (!provider) return;
    for (const resource of node.node.findAll()) {
      const policy =
        resource instanceof AwsCustomResource ? resource.node.tryFindChild('CustomResourcePolicy') : undefined;
      if (policy && !waitsForAnything(policy)) provider.node.addDependency(policy);
    }
  }
}

function waitsForAnything(construct: IConstruct): boolean {
  for (let c: IConstruct | undefined = construct; c && !(c instanceof Stack); c = c.node.scope) {
    if (c.node.dependencies.length > 0) return true;
  }
  return false;
}

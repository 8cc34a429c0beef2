import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeDeploymentLambda } from './custom-resource-provider';

export interface InlineHandlerProviderProps {
  /** What the handler does, for its description and for every acknowledgement's reason. */
  readonly description: string;
  /** Folder of the handler's `index.js`, which exports `handler`; it is inlined, so it needs no asset. */
  readonly handlerDir: string;
  /** Everything the handler's calls need; no more. */
  readonly statements: readonly iam.PolicyStatement[];
  /** Why any `Resource: *` among `statements` cannot be narrower. @default - none may be `*` */
  readonly wildcardReason?: string;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
}

/**
 * A custom-resource provider whose one handler is a small inlined Node.js
 * function (CDK's Provider framework in front): one retained log group for
 * both, the handler's role holding exactly `statements`, and the findings
 * every such deploy-time Lambda raises acknowledged with their reasons.
 */
export class InlineHandlerProvider extends Construct {
  readonly handler: lambda.Function;
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: InlineHandlerProviderProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.handler = new lambda.Function(this, 'Handler', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(fs.readFileSync(path.join(props.handlerDir, 'index.js'), 'utf8')),
      timeout: props.timeout ?? Duration.minutes(5),
      logGroup,
    });
    props.statements.forEach((statement) => this.handler.addToRolePolicy(statement));
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: this.handler, logGroup });
    this.serviceToken = provider.serviceToken;
    this.acknowledge(provider, logGroup, props);
  }

  private acknowledge(provider: cr.Provider, logGroup: logs.LogGroup, props: InlineHandlerProviderProps) {
    const what = `The custom-resource Lambda that ${props.description.charAt(0).toLowerCase()}${props.description.slice(1)}`;
    for (const fn of [this.handler, provider.node.findChild('framework-onEvent')]) {
      acknowledgeDeploymentLambda(fn, what, { basicExecutionRole: true });
      Validations.of(fn).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: `${what}: its role's one policy is used by nothing else.`,
      });
    }
    if (props.wildcardReason) {
      Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: props.wildcardReason });
    }
    const handlerId = Stack.of(this).getLogicalId(this.handler.node.defaultChild as lambda.CfnFunction);
    Validations.of(provider).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason:
        'The provider framework may invoke every version of its own onEvent handler (function ARN plus :*) and nothing else.',
    });
    Validations.of(logGroup).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason: `Holds only what ${what.charAt(0).toLowerCase()}${what.slice(1)} decided (IDs and states), no log data; CloudWatch Logs encrypts it at rest with its service key.`,
    });
  }
}

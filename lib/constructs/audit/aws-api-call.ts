import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, type AwsCustomResourceProps } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeAwsCustomResourceProvider } from '../custom-resource-provider';

/** What an AWS API call needs beyond the defaults every call in the landing zone shares. */
export type AwsApiCallProps = Omit<AwsCustomResourceProps, 'logGroup' | 'installLatestAwsSdk' | 'logRetention'>;

const LOG_GROUP_ID = 'AwsApiCallLogs';

/**
 * An `AwsCustomResource` with the landing zone's defaults: Lambda's bundled SDK
 * (no npm install at deploy time) and one retained log group per stack, which
 * every call in the stack shares because they all run in one singleton Lambda,
 * as the role of the first call (pass an `AwsApiCallRole`'s role to every call).
 */
export function awsApiCall(scope: Construct, id: string, props: AwsApiCallProps): AwsCustomResource {
  const call = new AwsCustomResource(scope, id, {
    ...props,
    installLatestAwsSdk: false,
    logGroup: providerLogGroup(Stack.of(scope)),
  });
  acknowledgeAwsCustomResourceProvider(Stack.of(scope), { basicExecutionRole: props.role === undefined });
  Validations.of(call).acknowledge({
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason:
      'AwsCustomResource grants each API call exactly its own actions as a policy on the shared provider role; a managed policy would only move the same statements.',
  });
  return call;
}

/** Acknowledges, on the call's own policy, a wildcard resource the API requires. */
export function acknowledgeWildcard(call: AwsCustomResource, resource: string, reason: string) {
  Validations.of(call.node.findChild('CustomResourcePolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${resource}]`,
    reason,
  });
}

function providerLogGroup(stack: Stack): logs.LogGroup {
  const existing = stack.node.tryFindChild(LOG_GROUP_ID) as logs.LogGroup | undefined;
  if (existing) return existing;
  const logGroup = new logs.LogGroup(stack, LOG_GROUP_ID, {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(logGroup).acknowledge({
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    reason:
      'Holds only the request and response summaries of the landing zone API calls, no customer data; CloudWatch Logs encrypts it at rest with its service key.',
  });
  return logGroup;
}

export interface AwsApiCallRoleProps {
  /** A fixed name, so that policies elsewhere (service control policies) can single the role out. */
  readonly roleName: string;
}

/**
 * The role every AWS API call of a stack runs as, named so that the guardrail
 * SCPs can exempt it; it can write the stack's API-call log group and nothing
 * else until each call adds exactly its own actions.
 */
export class AwsApiCallRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AwsApiCallRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: 'Runs the landing zone AWS API calls of this stack during CloudFormation deployments',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const logGroup = providerLogGroup(Stack.of(this));
    logGroup.grantWrite(this.role);
    Validations.of(this.role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The only inline grant is write access to this stack API-call log group, which a managed policy could not name.',
    });
  }
}

import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The finding cdk-nag reports for a Lambda role with the AWS managed basic-execution policy. */
export const BASIC_EXECUTION_ROLE =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/**
 * The log group of a stack's `AwsCustomResource` provider Lambda. Every
 * AwsCustomResource of a stack runs in one singleton Lambda whose log group
 * the first one fixes, so the stack creates this first and hands it to each.
 */
export class CustomResourceProviderLogs extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logGroup).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        'Holds only the request and response summaries of Organizations API calls (service principals, account IDs), no log data; CloudWatch Logs encrypts it at rest with its service key.',
    });
  }

  /** Acknowledges the findings of the singleton provider Lambda; call once its first AwsCustomResource exists. */
  acknowledgeProvider() {
    const stack = Stack.of(this);
    const provider = stack.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (!provider) throw new Error(`no AwsCustomResource provider Lambda in stack ${stack.stackName} yet`);
    const why = 'CDK AwsCustomResource provider Lambda that runs only when CloudFormation deploys a custom resource';
    Validations.of(provider).acknowledge(
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${why}; reserved concurrency would only withhold capacity.` },
      {
        id: 'NIST.800.53.R5-LambdaDLQ',
        reason: `${why}; CloudFormation invokes it synchronously and reports failures.`,
      },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${why}; it calls only public AWS control-plane APIs.` },
      { id: BASIC_EXECUTION_ROLE, reason: `${why}; AWSLambdaBasicExecutionRole lets it write its own logs only.` },
    );
  }
}

import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface CustomResourceLogsProps {
  /** Encrypts the log events. */
  readonly encryptionKey: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
}

/**
 * The log group of a stack's `AwsCustomResource` provider Lambda. Every
 * AwsCustomResource in a stack shares one singleton Lambda, and the first one
 * created fixes its log group, so the stack owns this group and hands it to each.
 */
export class CustomResourceLogs extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CustomResourceLogsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      encryptionKey: props.encryptionKey,
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Acknowledges the findings of the stack's singleton provider Lambda that
   * follow from its design rather than ours; call once its first AwsCustomResource exists.
   */
  acknowledgeProvider(): void {
    const stack = Stack.of(this);
    const provider = stack.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (!provider) throw new Error(`no AwsCustomResource provider Lambda in stack ${stack.stackName} yet`);
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The AwsCustomResource provider role uses AWSLambdaBasicExecutionRole only to write its own CloudWatch logs; its API permissions are least-privilege statements per call.',
      },
      {
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason:
          'The provider Lambda runs only when CloudFormation creates, updates or deletes a custom resource; a reserved concurrency would only withhold capacity from the account.',
      },
      {
        id: 'NIST.800.53.R5-LambdaDLQ',
        reason:
          'CloudFormation invokes the provider synchronously and reports a failed call as a failed deployment; an asynchronous dead-letter queue would never receive anything.',
      },
      {
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          'The provider calls only public AWS control-plane APIs (Security Lake); placing it in a VPC would add NAT or endpoints without reducing its exposure.',
      },
    );
  }
}

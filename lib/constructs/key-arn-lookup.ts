import { Arn, ArnFormat, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface KeyArnLookupProps {
  /** The key's alias ARN, in its own account and region: `arn:aws:kms:<region>:<account>:alias/<name>`. */
  readonly aliasArn: string;
  /** Log group of the stack's AwsCustomResource provider Lambda, which the first custom resource fixes. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * The key ARN behind a KMS alias of another account, read at deploy time.
 *
 * Across accounts only the alias is known at synth (names come from
 * lib/naming.ts; key IDs are generated), and some services take a key ARN
 * only: AWS Config's delivery channel ("The ARN of the KMS key ... used to
 * encrypt objects delivered by AWS Config", S3KmsKeyArn) and Athena's result
 * encryption. The key's policy must let this account call kms:DescribeKey.
 */
export class KeyArnLookup extends Construct {
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: KeyArnLookupProps) {
    super(scope, id);
    const alias = Arn.split(props.aliasArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (alias.service !== 'kms' || alias.resource !== 'alias' || !alias.region || !alias.account) {
      throw new Error(
        `aliasArn must be a KMS alias ARN such as arn:aws:kms:eu-west-1:111111111111:alias/x, got ${props.aliasArn}`,
      );
    }
    const describe = {
      service: 'KMS',
      action: 'DescribeKey',
      parameters: { KeyId: props.aliasArn },
      region: alias.region,
      physicalResourceId: PhysicalResourceId.fromResponse('KeyMetadata.Arn'),
      outputPaths: ['KeyMetadata.Arn'],
    };
    const lookup = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::KmsAliasTarget',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: describe,
      // Read again on every change, so a key that was replaced behind its alias is followed.
      onUpdate: describe,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['kms:DescribeKey'],
          // KMS authorizes a call by alias against the key it names, whose ID is unknown here.
          resources: [`arn:aws:kms:${alias.region}:${alias.account}:key/*`],
          conditions: { StringEquals: { 'kms:RequestAlias': `alias/${alias.resourceName}` } },
        }),
      ]),
    });
    Validations.of(lookup).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:aws:kms:${alias.region}:${alias.account}:key/*]`,
        reason: `The key behind alias/${alias.resourceName} has an ID generated in another account; only a call naming that alias (kms:RequestAlias) is allowed, and it only reads the key's metadata.`,
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "AwsCustomResource attaches each call its own policy on the provider role, holding only that call's least-privilege statement; a managed policy would add no reuse.",
      },
    );
    this.keyArn = lookup.getResponseField('KeyMetadata.Arn');
  }
}

import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

const SERVICE = 'lakeformation.amazonaws.com';
const ROLE_NAME = 'AWSServiceRoleForLakeFormationDataAccess';

export interface LakeFormationRoleProps {
  /** Log group of the stack's AwsCustomResource provider Lambda, which the first custom resource fixes. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Makes sure Lake Formation's data-access service-linked role exists, before
 * any Security Lake key names it: Lake Formation reads the lake's objects as
 * this role for query subscribers, and KMS rejects a key policy naming a role
 * that does not exist. IAM creates it once per account, so a role that exists
 * already is accepted (IAM answers "has been taken" with InvalidInput), and it
 * is never deleted: Lake Formation may serve other data lakes with it.
 */
export class LakeFormationRole extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: LakeFormationRoleProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.roleArn = `arn:aws:iam::${account}:role/aws-service-role/${SERVICE}/${ROLE_NAME}`;
    const create = {
      service: 'IAM',
      action: 'CreateServiceLinkedRole',
      parameters: { AWSServiceName: SERVICE },
      physicalResourceId: PhysicalResourceId.of(this.roleArn),
      ignoreErrorCodesMatching: 'InvalidInput',
    };
    const resource = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::ServiceLinkedRole',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: create,
      onUpdate: create,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [this.roleArn],
          conditions: { StringEquals: { 'iam:AWSServiceName': SERVICE } },
        }),
      ]),
    });
    Validations.of(resource).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "AwsCustomResource attaches each call its own policy on the provider role, holding only that call's least-privilege statement; a managed policy would add no reuse.",
    });
  }
}

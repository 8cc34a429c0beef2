import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface MetaStoreManagerRoleProps {
  /** Security Lake looks the role up by name: `AmazonSecurityLakeMetaStoreManagerV2`. */
  readonly roleName: string;
}

/**
 * The role of the Lambda function Security Lake runs in each region to keep its
 * Glue tables' partitions current (the "metastore manager"). CloudFormation
 * needs it to exist before it can create a data lake. IAM is global, so the
 * home-region stack creates it once for every region.
 */
export class MetaStoreManagerRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MetaStoreManagerRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      path: '/service-role/',
      description: 'Lambda role Security Lake uses to register data-lake partitions in the Glue Data Catalog',
      // Only Lambda functions that a principal of this account was allowed to
      // pass the role to (iam:PassRole) can run as it.
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonSecurityLakeMetastoreManager')],
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonSecurityLakeMetastoreManager]',
      reason:
        'Security Lake requires its AWS managed AmazonSecurityLakeMetastoreManager policy on this role, and AWS updates it when the metastore manager changes.',
    });
  }
}

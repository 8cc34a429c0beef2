import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface OrganizationConfigAggregatorProps {
  readonly aggregatorName: string;
}

/**
 * An AWS Config aggregator over every account and every region of the
 * organization, so configuration and compliance can be queried in one place.
 * It runs in Config's delegated administrator account.
 */
export class OrganizationConfigAggregator extends Construct {
  readonly aggregator: config.CfnConfigurationAggregator;

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      description: 'Lets AWS Config list the organization accounts it aggregates',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      reason:
        'AWSConfigRoleForOrganizations is the policy AWS Config documents for organization aggregators; AWS keeps it in step with the Organizations read calls Config makes.',
    });

    this.aggregator = new config.CfnConfigurationAggregator(this, 'Resource', {
      configurationAggregatorName: props.aggregatorName,
      organizationAggregationSource: { roleArn: role.roleArn, allAwsRegions: true },
    });
  }
}

import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { LogSource } from './log-sources';

export interface OrganizationAutoEnableProps {
  /** Every region with a data lake; each must exist before this configuration names it. */
  readonly regions: readonly string[];
  /** Sources to collect from accounts that join the organization later. */
  readonly sources: readonly LogSource[];
  /**
   * Log group of the stack's AwsCustomResource provider Lambda. Required because
   * the provider is a singleton per stack and the first custom resource fixes it.
   */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Makes Security Lake collect the given sources from accounts that join the
 * organization later, in every lake region. It is one organization-wide
 * setting, so one call (CreateDataLakeOrganizationConfiguration, for which
 * CloudFormation has no resource) names every region, from the first of
 * them; its stack deploys once every region's lake exists.
 *
 * That call merges into the existing configuration, so an update adds regions
 * and sources and never removes one: taking one out of the config keeps
 * enabling it for new accounts until the resource is deleted (which removes
 * this configuration).
 */
export class OrganizationAutoEnable extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: OrganizationAutoEnableProps) {
    super(scope, id);
    if (props.regions.length === 0) throw new Error('regions must name at least one lake region, got none');
    if (props.sources.length === 0) throw new Error('sources must name at least one source, got none');
    const { account } = Stack.of(this);
    const sources = props.sources.map((s) => ({ sourceName: s.name, sourceVersion: s.version }));
    const configuration = { autoEnableNewAccount: props.regions.map((region) => ({ region, sources })) };
    // Security Lake may be unavailable in the stack's own region: call it where a lake is.
    const region = props.regions[0];
    const apply = {
      service: 'SecurityLake',
      action: 'CreateDataLakeOrganizationConfiguration',
      region,
      parameters: configuration,
      physicalResourceId: PhysicalResourceId.of('security-lake-organization-configuration'),
    };

    this.resource = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::SecurityLakeOrganizationConfiguration',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: apply,
      onUpdate: apply,
      onDelete: {
        service: 'SecurityLake',
        action: 'DeleteDataLakeOrganizationConfiguration',
        region,
        parameters: configuration,
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'OrganizationConfigurationOfTheLakes',
          actions: [
            'securitylake:CreateDataLakeOrganizationConfiguration',
            'securitylake:DeleteDataLakeOrganizationConfiguration',
          ],
          resources: props.regions.map((r) => `arn:aws:securitylake:${r}:${account}:data-lake/default`),
        }),
        new iam.PolicyStatement({
          sid: 'OrganizationsReadsForSecurityLake',
          actions: ['organizations:DescribeOrganization', 'organizations:ListDelegatedServicesForAccount'],
          resources: ['*'],
        }),
      ]),
    });
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'organizations:DescribeOrganization and ListDelegatedServicesForAccount accept no resource ARN; the Security Lake actions are scoped to the data lakes of the landing zone.',
    });
    Validations.of(this.resource).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'AwsCustomResource attaches the statements of each call as an inline policy of its provider role; they serve only this call and change with it.',
    });
  }
}

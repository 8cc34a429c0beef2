import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { DataLake } from './data-lake';
import type { LogSource } from './log-sources';

export interface OrganizationAutoEnableProps {
  /** The region's data lake; it must exist before its organization configuration. */
  readonly dataLake: DataLake;
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
 * organization later, in this region. CloudFormation has no resource for it,
 * so an AwsCustomResource calls CreateDataLakeOrganizationConfiguration.
 *
 * That call merges into the existing configuration, so an update adds sources
 * and never removes one: taking a source out of the list keeps collecting it
 * from new accounts until the resource is deleted (which removes this list).
 */
export class OrganizationAutoEnable extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: OrganizationAutoEnableProps) {
    super(scope, id);
    if (props.sources.length === 0) throw new Error('sources must name at least one source, got none');
    const { account, region } = Stack.of(this);
    const configuration = {
      autoEnableNewAccount: [
        {
          region,
          sources: props.sources.map((s) => ({ sourceName: s.name, sourceVersion: s.version })),
        },
      ],
    };
    const apply = {
      service: 'SecurityLake',
      action: 'CreateDataLakeOrganizationConfiguration',
      parameters: configuration,
      physicalResourceId: PhysicalResourceId.of(`security-lake-organization-configuration-${region}`),
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
        parameters: configuration,
        ignoreErrorCodesMatching: 'ResourceNotFoundException',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'OrganizationConfigurationOfThisLake',
          actions: [
            'securitylake:CreateDataLakeOrganizationConfiguration',
            'securitylake:DeleteDataLakeOrganizationConfiguration',
          ],
          resources: [`arn:aws:securitylake:${region}:${account}:data-lake/default`],
        }),
        new iam.PolicyStatement({
          sid: 'OrganizationsReadsForSecurityLake',
          actions: ['organizations:DescribeOrganization', 'organizations:ListDelegatedServicesForAccount'],
          resources: ['*'],
        }),
      ]),
    });
    // The call names the data lake only by region; depend on it explicitly.
    this.resource.node.addDependency(props.dataLake);
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'organizations:DescribeOrganization and ListDelegatedServicesForAccount accept no resource ARN; the Security Lake actions are scoped to this region’s data lake.',
    });
    Validations.of(this.resource).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'AwsCustomResource attaches the statements of each call as an inline policy of its provider role; they serve only this call and change with it.',
    });
  }
}

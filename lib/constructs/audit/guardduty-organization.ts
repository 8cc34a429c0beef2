import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { awsApiCall } from './aws-api-call';
import { organizationFeatures, type GuardDutyProtections } from './guardduty-protections';

export interface GuardDutyOrganizationProps {
  /** The delegated administrator's detector in this region. */
  readonly detectorId: string;
  readonly protections: GuardDutyProtections;
  /** The role the API calls run as. @default - the AwsCustomResource provider's own role */
  readonly role?: iam.IRole;
}

/**
 * GuardDuty's organization configuration in this region: every member account,
 * existing and future, enabled with the same protection plans
 * (UpdateOrganizationConfiguration; CloudFormation has no resource for it).
 * Deleting the stack leaves the configuration in force on purpose.
 */
export class GuardDutyOrganization extends Construct {
  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    const configure = {
      service: 'GuardDuty',
      action: 'UpdateOrganizationConfiguration',
      parameters: {
        DetectorId: props.detectorId,
        AutoEnableOrganizationMembers: 'ALL',
        Features: organizationFeatures(props.protections),
      },
      physicalResourceId: PhysicalResourceId.of(props.detectorId),
    };
    awsApiCall(this, 'Resource', {
      role: props.role,
      onCreate: configure,
      onUpdate: configure,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['guardduty:UpdateOrganizationConfiguration'],
          resources: [
            Stack.of(this).formatArn({ service: 'guardduty', resource: 'detector', resourceName: props.detectorId }),
          ],
        }),
      ]),
    });
  }
}

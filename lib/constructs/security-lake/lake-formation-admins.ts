import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';

export interface LakeFormationAdminsProps {
  /** IAM principal ARNs to make data-lake administrators in this account and region. */
  readonly admins: readonly string[];
}

/**
 * Makes principals Lake Formation data-lake administrators in this region.
 * CloudFormation can create a Security Lake data lake, and grant subscribers
 * Lake Formation access, only when the role deploying it is such an
 * administrator. The admins are appended, so administrators set elsewhere stay.
 */
export class LakeFormationAdmins extends Construct {
  readonly resource: lakeformation.CfnDataLakeSettings;

  constructor(scope: Construct, id: string, props: LakeFormationAdminsProps) {
    super(scope, id);
    if (props.admins.length === 0) throw new Error('admins must name at least one principal, got none');
    this.resource = new lakeformation.CfnDataLakeSettings(this, 'Resource', {
      admins: props.admins.map((arn) => ({ dataLakePrincipalIdentifier: arn })),
      mutationType: 'APPEND',
    });
  }
}

import { RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface SecurityLakeDelegationProps {
  /** The account that administers Security Lake for the organization; never the management account. */
  readonly adminAccountId: string;
  /** The organization, to scope the Organizations registration to its accounts. */
  readonly organizationId: string;
  /**
   * Log group of the stack's AwsCustomResource provider Lambda. Required because
   * the provider is a singleton per stack and the first custom resource fixes it.
   */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Registers the delegated administrator of Amazon Security Lake, from the
 * management account in the home region. CloudFormation has no resource for
 * this, so an AwsCustomResource calls RegisterDataLakeDelegatedAdministrator,
 * which also registers the account with Organizations and creates the
 * Security Lake service-linked role. It needs trusted access for
 * securitylake.amazonaws.com first, which the management stack enables.
 *
 * The registration is retained: deregistering would disable Security Lake for
 * the whole organization, so it is a deliberate manual step, never a side
 * effect of deleting or refactoring a stack.
 */
export class SecurityLakeDelegation extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: SecurityLakeDelegationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!/^\d{12}$/.test(props.adminAccountId)) {
      throw new Error(`adminAccountId must be a 12-digit account ID, got ${props.adminAccountId}`);
    }
    if (!Token.isUnresolved(stack.account) && props.adminAccountId === stack.account) {
      throw new Error(
        `adminAccountId must not be the management account that registers it, got ${props.adminAccountId}`,
      );
    }
    const admin = { accountId: props.adminAccountId };

    this.resource = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::SecurityLakeDelegatedAdministrator',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: {
        service: 'SecurityLake',
        action: 'RegisterDataLakeDelegatedAdministrator',
        parameters: admin,
        physicalResourceId: PhysicalResourceId.of(`security-lake-delegated-admin-${props.adminAccountId}`),
        // Registered already (by hand, or by an earlier stack): the desired state holds.
        ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException|ConflictException',
      },
      // Deregistering disables Security Lake for the whole organization; like the
      // retained data lakes, the registration outlives the stack (deregister by hand).
      removalPolicy: RemovalPolicy.RETAIN,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: 'SecurityLakeDelegation',
          actions: ['securitylake:RegisterDataLakeDelegatedAdministrator'],
          // The action supports no resource ARN.
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'OrganizationsReadsForSecurityLake',
          actions: [
            'organizations:DescribeOrganization',
            'organizations:ListDelegatedAdministrators',
            'organizations:ListDelegatedServicesForAccount',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'RegisterOnlyTheAdminForSecurityLake',
          actions: ['organizations:RegisterDelegatedAdministrator'],
          resources: [
            `arn:aws:organizations::${stack.account}:account/${props.organizationId}/${props.adminAccountId}`,
          ],
          conditions: { StringEquals: { 'organizations:ServicePrincipal': 'securitylake.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'SecurityLakeServiceLinkedRole',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:aws:iam::${stack.account}:role/aws-service-role/securitylake.amazonaws.com/AWSServiceRoleForSecurityLake`,
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'securitylake.amazonaws.com' } },
        }),
      ]),
    });
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'RegisterDataLakeDelegatedAdministrator and the Organizations describe/list reads accept no resource ARN; the Organizations registration is scoped to the one admin account.',
    });
    Validations.of(this.resource).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'AwsCustomResource attaches the statements of each call as an inline policy of its provider role; they serve only this call and change with it.',
    });
  }
}

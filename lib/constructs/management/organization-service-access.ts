import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';

/** CloudFormation StackSets' principal; its trusted access is activated through CloudFormation. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

export interface OrganizationServiceAccessProps {
  /** The AWS service, e.g. `config.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Account registered as the service's delegated administrator. @default - trusted access only */
  readonly delegatedAdministrator?: string;
  /** The organization, to scope the registration to its accounts. */
  readonly organizationId: string;
  /**
   * Log group of the stack's AwsCustomResource provider Lambda, a singleton per
   * stack whose log group the first custom resource fixes.
   */
  readonly logGroup: logs.ILogGroup;
  /**
   * What deleting the resource does. RETAIN leaves trusted access and the
   * delegation in place, so removing the stack never switches a security
   * service's organization management off; DESTROY reverses both.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** AwsCustomResource attaches each call's statements to the shared provider role as a policy of its own. */
const INLINE_POLICY_REASON =
  "AwsCustomResource attaches each call its own policy on the provider role, holding only that call's least-privilege statements; a managed policy would add no reuse.";

/** Organizations' API endpoint is global, in us-east-1. */
const ORGANIZATIONS_REGION = 'us-east-1';

/**
 * Enables an AWS service's trusted access in AWS Organizations and, optionally,
 * registers its delegated administrator: two idempotent AWS API calls, which
 * CloudFormation has no resource for. Enabling twice succeeds; a registration
 * that already exists is accepted. StackSets is activated through
 * CloudFormation's own call, which also creates its service-linked role.
 */
export class OrganizationServiceAccess extends Construct {
  readonly trustedAccess: AwsCustomResource;
  readonly delegatedAdministrator?: AwsCustomResource;
  /**
   * The custom resources that call Organizations, in order: to run after
   * them, depend on these rather than on the construct, whose policies
   * would then wait too and be created only just before their call.
   */
  readonly calls: readonly IConstruct[];

  constructor(scope: Construct, id: string, props: OrganizationServiceAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(props.servicePrincipal)) {
      throw new Error(`servicePrincipal must be an AWS service principal, got ${props.servicePrincipal}`);
    }
    if (props.delegatedAdministrator !== undefined && !/^\d{12}$/.test(props.delegatedAdministrator)) {
      throw new Error(`delegatedAdministrator must be a 12-digit account ID, got ${props.delegatedAdministrator}`);
    }
    const destroy = (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.DESTROY;
    const principal = props.servicePrincipal;
    const forService = { StringEquals: { 'organizations:ServicePrincipal': principal } };
    const stackSets = principal === STACKSETS_SERVICE_PRINCIPAL;

    const enable: AwsSdkCall = stackSets
      ? { service: 'CloudFormation', action: 'ActivateOrganizationsAccess', parameters: {} }
      : { service: 'Organizations', action: 'EnableAWSServiceAccess', parameters: { ServicePrincipal: principal } };
    const disable: AwsSdkCall = stackSets
      ? { service: 'CloudFormation', action: 'DeactivateOrganizationsAccess', parameters: {} }
      : { service: 'Organizations', action: 'DisableAWSServiceAccess', parameters: { ServicePrincipal: principal } };
    const trustedAccessCall = {
      ...enable,
      region: stackSets ? stack.region : ORGANIZATIONS_REGION,
      physicalResourceId: PhysicalResourceId.of(`trusted-access-${principal}`),
    };
    const statements = [
      new iam.PolicyStatement({
        actions: [
          'organizations:EnableAWSServiceAccess',
          ...(destroy ? ['organizations:DisableAWSServiceAccess'] : []),
        ],
        resources: ['*'],
        conditions: forService,
      }),
    ];
    if (stackSets) {
      statements.push(
        new iam.PolicyStatement({
          actions: [
            'cloudformation:ActivateOrganizationsAccess',
            ...(destroy ? ['cloudformation:DeactivateOrganizationsAccess'] : []),
            'organizations:DescribeOrganization',
            'organizations:ListAWSServiceAccessForOrganization',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:aws:iam::${stack.account}:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin`,
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'stacksets.cloudformation.amazonaws.com' } },
        }),
      );
    }
    this.trustedAccess = new AwsCustomResource(this, 'TrustedAccess', {
      resourceType: 'Custom::OrganizationsTrustedAccess',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: trustedAccessCall,
      onUpdate: trustedAccessCall,
      onDelete: destroy ? { ...disable, region: trustedAccessCall.region } : undefined,
      policy: AwsCustomResourcePolicy.fromStatements(statements),
    });
    Validations.of(this.trustedAccess).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Trusted-access calls accept no resource ARN; enabling is limited to ${principal} by the organizations:ServicePrincipal condition.`,
      },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: INLINE_POLICY_REASON },
    );

    if (props.delegatedAdministrator) {
      const account = props.delegatedAdministrator;
      const parameters = { AccountId: account, ServicePrincipal: principal };
      const register: AwsSdkCall = {
        service: 'Organizations',
        action: 'RegisterDelegatedAdministrator',
        parameters,
        region: ORGANIZATIONS_REGION,
        physicalResourceId: PhysicalResourceId.of(`delegated-administrator-${principal}-${account}`),
        // Registered already (by hand, or by an earlier deployment): the desired state holds.
        ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException',
      };
      this.delegatedAdministrator = new AwsCustomResource(this, 'DelegatedAdministrator', {
        resourceType: 'Custom::OrganizationsDelegatedAdministrator',
        installLatestAwsSdk: false,
        logGroup: props.logGroup,
        onCreate: register,
        onUpdate: register,
        onDelete: destroy
          ? {
              service: 'Organizations',
              action: 'DeregisterDelegatedAdministrator',
              parameters,
              region: ORGANIZATIONS_REGION,
              ignoreErrorCodesMatching: 'AccountNotRegisteredException',
            }
          : undefined,
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: [
              'organizations:RegisterDelegatedAdministrator',
              ...(destroy ? ['organizations:DeregisterDelegatedAdministrator'] : []),
            ],
            resources: [`arn:aws:organizations::${stack.account}:account/${props.organizationId}/${account}`],
            conditions: forService,
          }),
        ]),
      });
      Validations.of(this.delegatedAdministrator).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: INLINE_POLICY_REASON,
      });
      // Organizations refuses a delegated administrator for a service without trusted access.
      callOf(this.delegatedAdministrator).node.addDependency(callOf(this.trustedAccess));
    }
    this.calls = [this.trustedAccess, this.delegatedAdministrator].filter((c) => c !== undefined).map(callOf);
  }
}

/** The custom resource an AwsCustomResource calls through, without the policy it creates alongside. */
function callOf(resource: AwsCustomResource): IConstruct {
  return resource.node.findChild('Resource');
}

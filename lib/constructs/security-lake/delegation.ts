import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeDeploymentLambda } from '../custom-resource-provider';

export interface SecurityLakeDelegationProps {
  /** The account that administers Security Lake for the organization; never the management account. */
  readonly adminAccountId: string;
  /** The organization, to scope the Organizations registration to its accounts. */
  readonly organizationId: string;
  /** Log group of the stack's custom-resource Lambdas, which this one's handler and provider share. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * Registers the delegated administrator of Amazon Security Lake, from the
 * management account in the home region. CloudFormation has no resource for
 * this, and Security Lake's answer to a registration over an existing one
 * does not say whose it is, so a small provider Lambda asks Organizations
 * first: the same account is accepted, another one fails with its ID and the
 * command that removes it. Security Lake's call also registers the account
 * with Organizations and creates Security Lake's service-linked role. It
 * needs trusted access for securitylake.amazonaws.com first, which the
 * management stack enables.
 *
 * The registration is retained: deregistering would disable Security Lake for
 * the whole organization, so it is a deliberate manual step, never a side
 * effect of deleting or refactoring a stack.
 */
export class SecurityLakeDelegation extends Construct {
  readonly resource: CustomResource;

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

    const handler = new lambda.Function(this, 'Handler', {
      description: "Registers Security Lake's delegated administrator, accepting it when it is already",
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(fs.readFileSync(path.join(__dirname, 'delegation-handler', 'index.js'), 'utf8')),
      // A minute of retries while IAM applies the new role's policy, and Organizations' pages.
      timeout: Duration.minutes(5),
      logGroup: props.logGroup,
    });
    for (const statement of registrationStatements(stack.account, props)) handler.addToRolePolicy(statement);

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, logGroup: props.logGroup });
    // A new ID: an AwsCustomResource called Security Lake before, and CloudFormation refuses a new service token.
    this.resource = new CustomResource(this, 'Registration', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SecurityLakeDelegatedAdministrator',
      properties: { AdminAccountId: props.adminAccountId },
      // Deregistering disables Security Lake for the whole organization; like the
      // retained data lakes, the registration outlives the stack (deregister by hand).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(handler, provider, stack.account, props.organizationId);
  }
}

/**
 * What registering takes: Security Lake's call, the Organizations calls it
 * makes as the caller ("IAM permissions required to designate the delegated
 * administrator", Security Lake user guide) and its service-linked role,
 * which it creates in the management account ("Amazon Security Lake and AWS
 * Organizations", Organizations user guide). The handler-calls gate checks each.
 */
function registrationStatements(account: string, props: SecurityLakeDelegationProps): iam.PolicyStatement[] {
  const forSecurityLake = { StringEquals: { 'organizations:ServicePrincipal': 'securitylake.amazonaws.com' } };
  const org = props.organizationId;
  return [
    new iam.PolicyStatement({
      sid: 'AcceptNoResource',
      actions: [
        'securitylake:RegisterDataLakeDelegatedAdministrator',
        'organizations:DescribeOrganization',
        'organizations:ListAccounts',
        'organizations:ListAWSServiceAccessForOrganization',
        'organizations:ListDelegatedAdministrators',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TrustedAccessForSecurityLake',
      actions: ['organizations:EnableAWSServiceAccess'],
      resources: ['*'],
      conditions: forSecurityLake,
    }),
    new iam.PolicyStatement({
      sid: 'RegisterOnlyTheAdminForSecurityLake',
      actions: ['organizations:RegisterDelegatedAdministrator'],
      resources: [`arn:aws:organizations::${account}:account/${org}/${props.adminAccountId}`],
      conditions: forSecurityLake,
    }),
    new iam.PolicyStatement({
      sid: 'ReadTheOrganization',
      actions: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
      resources: [
        `arn:aws:organizations::${account}:account/${org}/*`,
        `arn:aws:organizations::${account}:ou/${org}/*`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'SecurityLakeServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        `arn:aws:iam::${account}:role/aws-service-role/securitylake.amazonaws.com/AWSServiceRoleForSecurityLake`,
      ],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'securitylake.amazonaws.com' } },
    }),
  ];
}

function acknowledge(handler: lambda.Function, provider: cr.Provider, account: string, org: string) {
  const what = 'The Security Lake delegation custom-resource Lambda';
  for (const fn of [handler, provider.node.findChild('framework-onEvent')]) {
    acknowledgeDeploymentLambda(fn, what, { basicExecutionRole: true });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: `${what}: its role's one policy is used by nothing else.`,
    });
  }
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'RegisterDataLakeDelegatedAdministrator and the Organizations describe/list reads accept no resource ARN; trusted access is limited to securitylake.amazonaws.com and the registration to the one admin account.',
    },
    ...['account', 'ou'].map((kind) => ({
      id: `AwsSolutions-IAM5[Resource::arn:aws:organizations::${account}:${kind}/${org}/*]`,
      reason: `Security Lake reads the organization's accounts and OUs when it registers its administrator; read-only, and only this organization's (${org}).`,
    })),
  );
  const handlerId = Stack.of(handler).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
  Validations.of(provider).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
    reason:
      'The provider framework may invoke every version of its own onEvent handler (function ARN plus :*) and nothing else.',
  });
}

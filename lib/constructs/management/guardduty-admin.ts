import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeDeploymentLambda } from '../custom-resource-provider';

export interface GuardDutyAdminProps {
  /** The account that administers GuardDuty for the organization. */
  readonly adminAccountId: string;
  /** Regions to designate it in; GuardDuty's delegation is regional. */
  readonly regions: readonly string[];
  readonly organizationId: string;
  /**
   * What deleting the resource does. RETAIN leaves the administrator
   * designated, so removing the stack never switches GuardDuty's organization
   * management off; DESTROY removes the designation in each region.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Designates GuardDuty's delegated administrator in every governed region.
 * CloudFormation has no resource for it, and AwsCustomResource cannot tell
 * "already this account" from "already another account" (GuardDuty answers
 * both with the same BadRequestException), so a small provider Lambda looks
 * before it designates: the same account is accepted, another one fails with
 * its ID and the command that removes it.
 */
export class GuardDutyAdmin extends Construct {
  readonly resource: CustomResource;
  private readonly organizationId: string;

  constructor(scope: Construct, id: string, props: GuardDutyAdminProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.regions.length === 0) throw new Error('regions must list at least one region, got none');
    if (!/^\d{12}$/.test(props.adminAccountId)) {
      throw new Error(`adminAccountId must be a 12-digit account ID, got ${props.adminAccountId}`);
    }
    const removal = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.organizationId = props.organizationId;

    // One group for the handler and the provider framework: both serve this resource alone.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const handler = new lambda.Function(this, 'Handler', {
      description: 'Designates the GuardDuty delegated administrator in each governed region',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        fs.readFileSync(path.join(__dirname, 'guardduty-admin-handler', 'index.js'), 'utf8'),
      ),
      timeout: Duration.minutes(5),
      logGroup,
    });
    const destroy = removal === RemovalPolicy.DESTROY;
    const forGuardDuty = { StringEquals: { 'organizations:ServicePrincipal': 'guardduty.amazonaws.com' } };
    // What designating the administrator takes besides GuardDuty's own call: "Permissions required to designate
    // a delegated GuardDuty administrator account", GuardDuty user guide (the handler-calls gate checks each).
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'guardduty:ListOrganizationAdminAccounts',
          'guardduty:EnableOrganizationAdminAccount',
          ...(destroy ? ['guardduty:DisableOrganizationAdminAccount'] : []),
          'organizations:DescribeOrganization',
          'organizations:ListAWSServiceAccessForOrganization',
          'organizations:ListDelegatedAdministrators',
          'organizations:ListAccounts',
        ],
        resources: ['*'],
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
        resources: [
          `arn:aws:organizations::${stack.account}:account/${props.organizationId}/*`,
          `arn:aws:organizations::${stack.account}:ou/${props.organizationId}/*`,
        ],
      }),
    );
    // GuardDuty enables its own trusted access and registers the admin with Organizations.
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:EnableAWSServiceAccess'],
        resources: ['*'],
        conditions: forGuardDuty,
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'organizations:RegisterDelegatedAdministrator',
          ...(destroy ? ['organizations:DeregisterDelegatedAdministrator'] : []),
        ],
        resources: [`arn:aws:organizations::${stack.account}:account/${props.organizationId}/${props.adminAccountId}`],
        conditions: forGuardDuty,
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [
          `arn:aws:iam::${stack.account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        ],
        conditions: { StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com' } },
      }),
    );

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, logGroup });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GuardDutyDelegatedAdministrator',
      properties: {
        AdminAccountId: props.adminAccountId,
        Regions: [...props.regions],
        RemovalPolicy: destroy ? 'destroy' : 'retain',
      },
    });
    this.acknowledge(handler, provider);
  }

  private acknowledge(handler: lambda.Function, provider: cr.Provider) {
    const what = 'The GuardDuty delegation custom-resource Lambda';
    for (const fn of [handler, provider.node.findChild('framework-onEvent')]) {
      acknowledgeDeploymentLambda(fn, what, { basicExecutionRole: true });
      Validations.of(fn).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: `${what}: its role's one policy is used by nothing else.`,
      });
    }
    const { account } = Stack.of(this);
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'GuardDuty organization-admin actions and Organizations describe/list actions accept no resource ARN; the delegation itself is scoped to the admin account and to guardduty.amazonaws.com.',
      },
      ...['account', 'ou'].map((kind) => ({
        id: `AwsSolutions-IAM5[Resource::arn:aws:organizations::${account}:${kind}/${this.organizationId}/*]`,
        reason: `GuardDuty reads the organization's accounts and OUs when it designates its administrator; read-only, and only this organization's (${this.organizationId}).`,
      })),
    );
    const handlerId = Stack.of(this).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
    Validations.of(provider).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason:
        'The provider framework may invoke every version of its own onEvent handler (function ARN plus :*) and nothing else.',
    });
    Validations.of(this.node.findChild('Logs')).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        'Holds only the GuardDuty delegation decisions (region and account IDs), no log data; CloudWatch Logs encrypts it at rest with its service key.',
    });
  }
}

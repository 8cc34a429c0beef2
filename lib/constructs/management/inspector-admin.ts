import * as fs from 'node:fs';
import * as path from 'node:path';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeDeploymentLambda } from '../custom-resource-provider';

export interface InspectorAdminProps {
  /** The account that administers Amazon Inspector for the organization. */
  readonly adminAccountId: string;
  /** Regions to designate it in; Inspector's delegation is regional. */
  readonly regions: readonly string[];
  readonly organizationId: string;
}

/** Inspector's service-linked role, which an Inspector policy needs in the management account. */
const SERVICE_LINKED_ROLE = 'aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2';

/**
 * Designates Amazon Inspector's delegated administrator in every governed
 * region, from the management account. CloudFormation has no resource for it
 * (aws-cdk-lib 2.276's AWS::InspectorV2 types are filters, CIS scans and code
 * security only), and Inspector's EnableDelegatedAdminAccount is regional and
 * cannot tell "already this account" from "another account" by its error, so
 * a small provider Lambda looks first, like GuardDutyAdmin. Inspector enables
 * its own trusted access and registers the administrator with Organizations.
 * Retained on delete: removing the administrator would detach every member.
 */
export class InspectorAdmin extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: InspectorAdminProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.regions.length === 0) throw new Error('regions must list at least one region, got none');
    if (!/^\d{12}$/.test(props.adminAccountId)) {
      throw new Error(`adminAccountId must be a 12-digit account ID, got ${props.adminAccountId}`);
    }
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const handler = new lambda.Function(this, 'Handler', {
      description: 'Designates the Amazon Inspector delegated administrator in each governed region',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        fs.readFileSync(path.join(__dirname, 'inspector-admin-handler', 'index.js'), 'utf8'),
      ),
      timeout: Duration.minutes(5),
      logGroup,
    });
    const forInspector = { StringEquals: { 'organizations:ServicePrincipal': 'inspector2.amazonaws.com' } };
    // The permissions "Designating a delegated administrator for Amazon Inspector" lists.
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'inspector2:ListDelegatedAdminAccounts',
          'inspector2:EnableDelegatedAdminAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganizationalUnit',
          'organizations:ListAWSServiceAccessForOrganization',
          'organizations:ListDelegatedAdministrators',
        ],
        resources: ['*'],
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:EnableAWSServiceAccess'],
        resources: ['*'],
        conditions: forInspector,
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['organizations:RegisterDelegatedAdministrator'],
        resources: [`arn:aws:organizations::${stack.account}:account/${props.organizationId}/${props.adminAccountId}`],
        conditions: forInspector,
      }),
    );
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [`arn:aws:iam::${stack.account}:role/${SERVICE_LINKED_ROLE}`],
        conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
      }),
    );

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, logGroup });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::InspectorDelegatedAdministrator',
      properties: { AdminAccountId: props.adminAccountId, Regions: [...props.regions] },
    });
    this.acknowledge(handler, provider, logGroup);
  }

  private acknowledge(handler: lambda.Function, provider: cr.Provider, logGroup: logs.LogGroup) {
    const what = 'The Inspector delegation custom-resource Lambda';
    for (const fn of [handler, provider.node.findChild('framework-onEvent')]) {
      acknowledgeDeploymentLambda(fn, what, { basicExecutionRole: true });
      Validations.of(fn).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: `${what}: its role's one policy is used by nothing else.`,
      });
    }
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Inspector delegated-admin actions and the Organizations describe/list actions accept no resource ARN; the delegation itself is scoped to the admin account and to inspector2.amazonaws.com.',
    });
    const handlerId = Stack.of(this).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
    Validations.of(provider).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason:
        'The provider framework may invoke every version of its own onEvent handler (function ARN plus :*) and nothing else.',
    });
    Validations.of(logGroup).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        'Holds only the Inspector delegation decisions (region and account IDs), no log data; CloudWatch Logs encrypts it at rest with its service key.',
    });
  }
}

import * as path from 'node:path';
import { CustomResource, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InlineHandlerProvider } from '../inline-handler-provider';

/** The security services whose administrator this designates, by IAM prefix. */
export type DelegatedAdminService = 'guardduty' | 'inspector2' | 'securityhub';

export interface ServiceDelegatedAdminProps {
  readonly service: DelegatedAdminService;
  /** The account that administers the service for the organization; never the management account itself. */
  readonly adminAccountId: string;
  /**
   * Regions to designate it in. GuardDuty and Inspector designate per region;
   * Security Hub needs the home region alone once central configuration links
   * the others.
   */
  readonly regions: readonly string[];
  readonly organizationId: string;
  /**
   * What deleting the resource does. RETAIN leaves the administrator designated,
   * so that removing the stack, rolling back its first create or renaming the
   * resource never detaches the organization's members; DESTROY removes the
   * designation in each region where it is this account.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

interface ServiceSpec {
  readonly name: string;
  readonly principal: string;
  readonly list: string;
  readonly enable: string;
  readonly disable: string;
  /**
   * What the service calls in Organizations as the caller when it designates,
   * besides EnableAWSServiceAccess and RegisterDelegatedAdministrator, by the
   * permissions its user guide lists.
   */
  readonly organizationsReads: readonly string[];
  /** Reads of the organization's accounts and OUs, which accept their ARNs. */
  readonly describes: boolean;
  /** What removing a designation takes besides the service's own call. */
  readonly disableReads: readonly string[];
  /** A service-linked role the handler creates in this account. */
  readonly serviceLinkedRole?: string;
}

const SERVICES: Record<DelegatedAdminService, ServiceSpec> = {
  // "Permissions required to designate a delegated GuardDuty administrator account"; its service-linked
  // role is needed only when the management account designates itself, which the construct refuses.
  // Removing is per region and leaves Organizations' registration ("Changing the delegated GuardDuty
  // administrator account": DeregisterDelegatedAdministrator is a separate, one-time step).
  guardduty: {
    name: 'GuardDuty',
    principal: 'guardduty.amazonaws.com',
    list: 'guardduty:ListOrganizationAdminAccounts',
    enable: 'guardduty:EnableOrganizationAdminAccount',
    disable: 'guardduty:DisableOrganizationAdminAccount',
    organizationsReads: [
      'organizations:DescribeOrganization',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListAccounts',
      'organizations:ListDelegatedAdministrators',
    ],
    describes: true,
    disableReads: [],
  },
  // "Designating a delegated administrator for Amazon Inspector", Inspector user guide.
  inspector2: {
    name: 'Inspector',
    principal: 'inspector2.amazonaws.com',
    list: 'inspector2:ListDelegatedAdminAccounts',
    enable: 'inspector2:EnableDelegatedAdminAccount',
    disable: 'inspector2:DisableDelegatedAdminAccount',
    organizationsReads: [
      'organizations:DescribeOrganization',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListDelegatedAdministrators',
    ],
    describes: true,
    disableReads: [],
    serviceLinkedRole: 'AWSServiceRoleForAmazonInspector2',
  },
  // "Required permissions to designate a Security Hub administrator account" (Security Hub user guide),
  // as AWS::SecurityHub::DelegatedAdmin's registry schema lists them too (create; delete adds
  // DescribeOrganization to DisableOrganizationAdminAccount).
  securityhub: {
    name: 'Security Hub',
    principal: 'securityhub.amazonaws.com',
    list: 'securityhub:ListOrganizationAdminAccounts',
    enable: 'securityhub:EnableOrganizationAdminAccount',
    disable: 'securityhub:DisableOrganizationAdminAccount',
    organizationsReads: ['organizations:DescribeOrganization'],
    describes: false,
    disableReads: ['organizations:DescribeOrganization'],
  },
};

/**
 * Designates a security service's delegated administrator from the management
 * account, region by region. A small provider Lambda looks before it
 * designates, since none of the services tells "already this account" from
 * "another account" by its error: the same account is accepted, another one
 * fails with its ID and the command that removes it. The service enables its
 * own trusted access and registers the administrator with Organizations as
 * the caller, so the role may do that for this service and account only.
 */
export class ServiceDelegatedAdmin extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ServiceDelegatedAdminProps) {
    super(scope, id);
    const spec = SERVICES[props.service];
    if (!spec) throw new Error(`service must be one of ${Object.keys(SERVICES).join(', ')}, got ${props.service}`);
    if (props.regions.length === 0) throw new Error('regions must list at least one region, got none');
    if (!/^\d{12}$/.test(props.adminAccountId)) {
      throw new Error(`adminAccountId must be a 12-digit account ID, got ${props.adminAccountId}`);
    }
    const { account } = Stack.of(this);
    if (!Token.isUnresolved(account) && props.adminAccountId === account) {
      throw new Error(`adminAccountId must not be the management account that designates it, got ${account}`);
    }
    const removal = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (removal !== RemovalPolicy.RETAIN && removal !== RemovalPolicy.DESTROY) {
      throw new Error(`removalPolicy must be RETAIN or DESTROY, got ${removal}`);
    }
    const destroy = removal === RemovalPolicy.DESTROY;

    const provider = new InlineHandlerProvider(this, 'Provider', {
      description: `Designates the ${spec.name} delegated administrator in each of its regions`,
      handlerDir: path.join(__dirname, 'service-delegated-admin-handler'),
      statements: statements(spec, account, props, destroy),
      wildcardReason: `${spec.name}'s delegated-administrator actions and the Organizations reads it makes when it designates accept no narrower resource; enabling trusted access and registering are scoped to ${spec.principal} and the administrator account.`,
    });
    if (spec.describes) {
      Validations.of(provider.handler).acknowledge(
        ...['account', 'ou'].map((kind) => ({
          id: `AwsSolutions-IAM5[Resource::arn:aws:organizations::${account}:${kind}/${props.organizationId}/*]`,
          reason: `${spec.name} reads the organization's accounts and OUs when it designates its administrator; read-only, and only this organization's (${props.organizationId}).`,
        })),
      );
    }
    // A new logical ID, not the 0.2 GuardDutyAdmin's or InspectorAdmin's "Resource": CloudFormation
    // refuses a new service token on an existing custom resource, so it creates this one (which accepts
    // the designation already there) and deletes the old one, whose handler retained it on delete.
    this.resource = new CustomResource(this, 'Designation', {
      serviceToken: provider.serviceToken,
      resourceType: `Custom::${spec.name.replace(/ /g, '')}DelegatedAdministrator`,
      properties: {
        Service: props.service,
        AdminAccountId: props.adminAccountId,
        Regions: [...props.regions],
        RemovalPolicy: destroy ? 'destroy' : 'retain',
      },
    });
  }
}

function statements(spec: ServiceSpec, account: string, props: ServiceDelegatedAdminProps, destroy: boolean) {
  const forService = { StringEquals: { 'organizations:ServicePrincipal': spec.principal } };
  const organization = `arn:aws:organizations::${account}`;
  const result = [
    new iam.PolicyStatement({
      actions: [
        spec.list,
        spec.enable,
        ...spec.organizationsReads,
        ...(destroy ? [spec.disable, ...spec.disableReads] : []),
      ].filter((action, i, all) => all.indexOf(action) === i),
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['organizations:EnableAWSServiceAccess'],
      resources: ['*'],
      conditions: forService,
    }),
    new iam.PolicyStatement({
      actions: ['organizations:RegisterDelegatedAdministrator'],
      resources: [`${organization}:account/${props.organizationId}/${props.adminAccountId}`],
      conditions: forService,
    }),
  ];
  if (spec.describes) {
    result.push(
      new iam.PolicyStatement({
        actions: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
        resources: [
          `${organization}:account/${props.organizationId}/*`,
          `${organization}:ou/${props.organizationId}/*`,
        ],
      }),
    );
  }
  if (spec.serviceLinkedRole) {
    result.push(
      new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [`arn:aws:iam::${account}:role/aws-service-role/${spec.principal}/${spec.serviceLinkedRole}`],
        conditions: { StringEquals: { 'iam:AWSServiceName': spec.principal } },
      }),
    );
  }
  return result;
}

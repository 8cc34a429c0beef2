/**
 * What the handler-permissions gate needs to know beyond the registry data:
 * which resource each permission acts on, which condition keys the handler's
 * request carries, and which listed permissions a handler calls only when a
 * property is set. Each entry says why; add one when a template uses a new
 * resource type and the gate names what it cannot work out.
 */
import type { TemplateResolver } from './template-resolver';

/** The IAM resource type a CloudFormation resource is, and the values its ARN format needs. */
export interface PrimaryResource {
  /** `service:resource-type` as the Service Authorization Reference names it. */
  readonly resourceType: string;
  readonly values: (
    resolver: TemplateResolver,
    logicalId: string,
    props: Record<string, any>,
  ) => Record<string, string>;
}

const withPath = (props: Record<string, any>, name: string) => `${String(props.Path ?? '/').replace(/^\//, '')}${name}`;

export const PRIMARY_RESOURCES: Record<string, PrimaryResource> = {
  'AWS::IAM::Role': {
    resourceType: 'iam:role',
    values: (r, id, p) => ({ RoleNameWithPath: withPath(p, r.ref(id)) }),
  },
  'AWS::IAM::ManagedPolicy': {
    resourceType: 'iam:policy',
    values: (r, id, p) => ({ PolicyNameWithPath: withPath(p, r.name(id, p.ManagedPolicyName)) }),
  },
  'AWS::Lambda::Function': { resourceType: 'lambda:function', values: (r, id) => ({ FunctionName: r.ref(id) }) },
  'AWS::Logs::LogGroup': { resourceType: 'logs:log-group', values: (r, id) => ({ LogGroupName: r.ref(id) }) },
  'AWS::Events::Rule': {
    resourceType: 'events:rule-on-default-event-bus',
    values: (r, id, p) => {
      if (p.EventBusName !== undefined && r.resolveString(p.EventBusName) !== 'default') {
        throw new Error(`${id}: rules on a custom event bus need the rule-on-custom-event-bus ARN, not supported yet`);
      }
      return { RuleName: r.ref(id) };
    },
  },
  'AWS::AccessAnalyzer::Analyzer': {
    resourceType: 'access-analyzer:analyzer',
    values: (r, _id, p) => ({ AnalyzerName: r.resolveString(p.AnalyzerName) }),
  },
  'AWS::Config::OrganizationConformancePack': {
    resourceType: 'config:organizationconformancepack',
    // AWS Config names the pack's ID after it, with a suffix it generates.
    values: (r, _id, p) => ({
      OrganizationConformancePackId: `${r.resolveString(p.OrganizationConformancePackName)}-sampleid`,
    }),
  },
  'AWS::Config::ConfigurationRecorder': {
    resourceType: 'config:configurationrecorder',
    values: (r, _id, p) => ({ RecorderName: r.resolveString(p.Name), RecorderId: 'samplerecorderid' }),
  },
  'AWS::GuardDuty::PublishingDestination': {
    resourceType: 'guardduty:publishingdestination',
    // GuardDuty assigns the destination's ID.
    values: (r, _id, p) => ({
      DetectorId: r.resolveString(p.DetectorId),
      PublishingDestinationId: 'sampledestinationid',
    }),
  },
};

/**
 * CloudWatch Logs authorizes most log-group actions against the ARN with a
 * trailing `:*`, and the tagging actions against the ARN without it
 * ("Overview of managing access permissions to your CloudWatch Logs
 * resources", CloudWatch Logs user guide).
 */
export function serviceArn(action: string, arn: string): string {
  const logsTagging = ['logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'];
  return /^arn:aws:logs:[^:]*:[^:]*:log-group:/.test(arn) && !logsTagging.includes(action) ? `${arn}:*` : arn;
}

/** A resource other than the CloudFormation resource itself that a permission acts on, e.g. the role a function is passed. */
export interface RelatedResource {
  /** ARNs of the related resources; none means the handler has nothing to call the permission on. */
  readonly arns: (resolver: TemplateResolver, logicalId: string, props: Record<string, any>) => string[];
  /** Condition keys the handler's request carries. */
  readonly context?: (resolver: TemplateResolver, logicalId: string) => Record<string, string>;
}

/** By CloudFormation type, then by the IAM resource type (`service:resource-type`) of the permission. */
/** The service-linked role a handler creates for a service, with the condition key its request carries. */
const serviceLinkedRole = (service: string, name: string): RelatedResource => ({
  arns: (r) => [`arn:aws:iam::${r.stack.account}:role/aws-service-role/${service}/${name}`],
  context: () => ({ 'iam:AWSServiceName': service }),
});

export const RELATED_RESOURCES: Record<string, Record<string, RelatedResource>> = {
  'AWS::AccessAnalyzer::Analyzer': {
    'iam:role': serviceLinkedRole('access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer'),
  },
  'AWS::Config::OrganizationConformancePack': {
    // An organization conformance pack runs through AWS Config's multi-account service-linked role.
    'iam:role': {
      ...serviceLinkedRole('config-multiaccountsetup.amazonaws.com', 'AWSServiceRoleForConfigMultiAccountSetup'),
      context: () => ({
        'iam:AWSServiceName': 'config-multiaccountsetup.amazonaws.com',
        'iam:PassedToService': 'config-multiaccountsetup.amazonaws.com',
      }),
    },
  },
  'AWS::Config::ConfigurationRecorder': {
    'iam:role': {
      arns: (r, _id, p) => [r.resolveString(p.RoleARN)],
      context: () => ({ 'iam:PassedToService': 'config.amazonaws.com' }),
    },
  },
  'AWS::Lambda::Function': {
    'iam:role': {
      arns: (r, _id, p) => [r.resolveString(p.Role)],
      context: () => ({ 'iam:PassedToService': 'lambda.amazonaws.com' }),
    },
  },
  'AWS::Events::Rule': {
    'iam:role': {
      arns: (r, _id, p) =>
        [p.RoleArn, ...(p.Targets ?? []).map((t: any) => t.RoleArn)]
          .filter((v) => v !== undefined)
          .map((v) => r.resolveString(v)),
      context: () => ({ 'iam:PassedToService': 'events.amazonaws.com' }),
    },
  },
  'AWS::IAM::ManagedPolicy': {
    // Attaching and detaching act on the entity, with the policy as iam:PolicyARN.
    'iam:role': {
      arns: (r, _id, p) =>
        (p.Roles ?? []).map((role: unknown) => `arn:aws:iam::${r.stack.account}:role/${r.resolveString(role)}`),
      context: (r, id) => ({ 'iam:PolicyARN': r.ref(id) }),
    },
    'iam:user': { arns: (_r, _id, p) => rejectIfSet(p.Users, 'Users') },
    'iam:group': { arns: (_r, _id, p) => rejectIfSet(p.Groups, 'Groups') },
  },
};

function rejectIfSet(value: unknown, property: string): string[] {
  if (value !== undefined) throw new Error(`ManagedPolicy ${property} is not supported by the gate yet`);
  return [];
}

/**
 * Condition keys a handler's request carries for an action that accepts no
 * resource, by CloudFormation type, then action.
 */
export const WILDCARD_REQUEST_CONTEXT: Record<string, Record<string, Record<string, string>>> = {
  'AWS::Config::OrganizationConformancePack': {
    // Trusted access for AWS Config's multi-account service, which organization packs run through.
    'organizations:EnableAWSServiceAccess': {
      'organizations:ServicePrincipal': 'config-multiaccountsetup.amazonaws.com',
    },
  },
};

/** Permissions a handler calls only when a property is set; the gate checks them where it is. */
export interface ConditionalPermissions {
  /** Top-level property, or a dotted path (`Code.S3Bucket`). */
  readonly property: string;
  readonly actions: readonly string[];
  readonly reason: string;
}

export const CONDITIONAL_PERMISSIONS: Record<string, readonly ConditionalPermissions[]> = {
  'AWS::AccessAnalyzer::Analyzer': [
    {
      property: 'ArchiveRules',
      actions: [
        'access-analyzer:CreateArchiveRule',
        'access-analyzer:UpdateArchiveRule',
        'access-analyzer:DeleteArchiveRule',
      ],
      reason: 'archive rules the analyzer lists',
    },
  ],
  'AWS::Config::OrganizationConformancePack': [
    {
      property: 'TemplateS3Uri',
      actions: ['s3:GetObject'],
      reason: 'a pack template read from S3, not a template body',
    },
    {
      property: 'DeliveryS3Bucket',
      actions: ['s3:GetBucketAcl'],
      reason: 'a delivery bucket of its own',
    },
  ],
  'AWS::Lambda::Function': [
    {
      property: 'VpcConfig',
      actions: [
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'ec2:DescribeNetworkInterfaces',
      ],
      reason: 'the network interfaces of a function in a VPC',
    },
    {
      property: 'FileSystemConfigs',
      actions: ['elasticfilesystem:DescribeMountTargets', 's3files:ListMountTargets'],
      reason: 'mounting a file system',
    },
    {
      property: 'KmsKeyArn',
      actions: ['kms:CreateGrant', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      reason: "a customer managed key for the function's environment",
    },
    {
      property: 'Code.S3Bucket',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      reason: 'code read from S3, not inline',
    },
    { property: 'Layers', actions: ['lambda:GetLayerVersion'], reason: 'layers' },
    {
      property: 'CodeSigningConfigArn',
      actions: [
        'lambda:GetCodeSigningConfig',
        'lambda:PutFunctionCodeSigningConfig',
        'lambda:DeleteFunctionCodeSigningConfig',
      ],
      reason: 'a code-signing configuration',
    },
    {
      property: 'ReservedConcurrentExecutions',
      actions: ['lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency'],
      reason: 'reserved concurrency',
    },
    {
      property: 'RuntimeManagementConfig',
      actions: ['lambda:PutRuntimeManagementConfig'],
      reason: 'a runtime update mode',
    },
    { property: 'RecursiveLoop', actions: ['lambda:PutFunctionRecursionConfig'], reason: 'a recursive-loop setting' },
    {
      property: 'FunctionScalingConfig',
      actions: ['lambda:PutFunctionScalingConfig'],
      reason: 'a scaling configuration',
    },
    { property: 'CapacityProviderConfig', actions: ['lambda:PassCapacityProvider'], reason: 'a capacity provider' },
  ],
  'AWS::Logs::LogGroup': [
    {
      property: 'KmsKeyId',
      actions: ['logs:AssociateKmsKey', 'logs:DisassociateKmsKey'],
      reason: 'a customer managed key',
    },
    {
      property: 'DataProtectionPolicy',
      // s3:REST.PUT.OBJECT is an S3 REST operation, not an IAM action; the findings destinations of a data protection policy write there.
      actions: [
        'logs:PutDataProtectionPolicy',
        'logs:CreateLogDelivery',
        'firehose:TagDeliveryStream',
        's3:REST.PUT.OBJECT',
      ],
      reason: "a data protection policy and its audit findings' delivery",
    },
    {
      property: 'ResourcePolicyDocument',
      actions: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies'],
      reason: 'a resource policy',
    },
  ],
  'AWS::IAM::Role': [
    {
      property: 'PermissionsBoundary',
      actions: ['iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'],
      reason: 'a permissions boundary',
    },
    {
      property: 'ManagedPolicyArns',
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      reason: "managed policies the role itself lists (an AWS::IAM::ManagedPolicy's own Roles are its handler's calls)",
    },
    {
      property: 'Policies',
      actions: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy'],
      reason: 'inline policies',
    },
  ],
};

/** CloudFormation itself calls these on the stack instance it creates, updates and deletes for a StackSet. */
export const STACK_INSTANCE_ACTIONS: readonly string[] = [
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:DeleteStack',
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
];

/**
 * A custom resource has no registry schema: CloudFormation invokes its
 * service token, a Lambda function, as the stack's role.
 */
export const CUSTOM_RESOURCE_ACTION = 'lambda:InvokeFunction';

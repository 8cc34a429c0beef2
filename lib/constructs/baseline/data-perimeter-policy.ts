/**
 * The landing zone's resource control policy: a data perimeter around the S3,
 * KMS, STS, SQS and Secrets Manager resources of every member account under
 * its targets. RCPs never bind the management account's resources, and do
 * not apply to service-linked roles or AWS managed KMS keys.
 *
 * The statements follow AWS's data perimeter examples
 * (github.com/aws-samples/data-perimeter-policy-examples,
 * resource_control_policies/identity_perimeter_rcp.json, and
 * aws-samples/resource-control-policy-examples, Restrict-resource-access-patterns):
 * - EnforceOrgIdentities: only principals of the organization, AWS services
 *   (their service principals), and named trusted accounts. The STS actions
 *   are AWS's list: AssumeRoleWithSAML/WithWebIdentity, SetSourceIdentity and
 *   TagSession are left out, as federated callers carry no aws:PrincipalOrgID.
 * - EnforceConfusedDeputyProtection: a service principal acting for a resource
 *   (aws:SourceAccount present) must act for this organization
 *   (aws:SourceOrgID) or a trusted account. This is what keeps the trail
 *   (cloudtrail.amazonaws.com), Config (config.amazonaws.com), the GuardDuty
 *   export (guardduty.amazonaws.com), S3 access logging and Security Lake
 *   working into log-archive, and stops another organization's trail or
 *   bucket from using them.
 * - EnforceSecureTransport: TLS only (aws:SecureTransport).
 *
 * OUs that host public buckets (the S3 Block Public Access exception) are
 * outside the S3 part of the identity and TLS statements: an anonymous reader
 * has no aws:PrincipalOrgID, and S3 website endpoints speak only HTTP, so the
 * perimeter would otherwise refuse exactly the access the exception is for.
 * The statements exclude them by aws:ResourceOrgPaths, as the examples
 * suggest for excluding accounts from a control.
 */

/** The services the perimeter covers; RCPs support a few more (Cognito, Logs, DynamoDB, ECR, OpenSearch Serverless). */
export const DATA_PERIMETER_SERVICES = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager'] as const;

/** The STS actions of AWS's identity-perimeter example; the others are federation or need no permission. */
export const PERIMETER_STS_ACTIONS = [
  'sts:AssumeRole',
  'sts:DecodeAuthorizationMessage',
  'sts:GetAccessKeyInfo',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
  'sts:SetContext',
] as const;

export interface DataPerimeterProps {
  readonly organizationId: string;
  /**
   * Accounts outside the organization that may still reach member resources,
   * directly or through AWS services acting for them (a SIEM vendor, a partner).
   * @default - none
   */
  readonly trustedAccounts?: readonly string[];
  /**
   * `aws:ResourceOrgPaths` patterns of the OUs whose S3 resources may be public,
   * e.g. `o-abc/*\/ou-ab12-public1/*`.
   * @default - none: S3 is inside the perimeter everywhere
   */
  readonly publicS3OrgPaths?: readonly string[];
}

interface RcpStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Principal: '*';
  readonly Action: string[];
  readonly Resource: '*';
  readonly Condition: Record<string, Record<string, string | string[]>>;
}

export interface RcpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: RcpStatement[];
}

export function dataPerimeterPolicy(props: DataPerimeterProps): RcpDocument {
  if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw new Error(`organizationId must be an organization ID such as o-a1b2c3d4e5, got ${props.organizationId}`);
  }
  const trusted = [...(props.trustedAccounts ?? [])];
  const badAccount = trusted.find((a) => !/^\d{12}$/.test(a));
  if (badAccount !== undefined) throw new Error(`trustedAccounts must be 12-digit account IDs, got ${badAccount}`);
  const publicS3 = [...(props.publicS3OrgPaths ?? [])];
  const wildcard = (service: string) => `${service}:*`;
  const identityActions = (services: readonly string[]) =>
    services.flatMap((s) => (s === 'sts' ? [...PERIMETER_STS_ACTIONS] : [wildcard(s)]));
  const outside = (keys: Record<string, string | string[]>) => (trusted.length > 0 ? keys : {});
  const deny = (Sid: string, Action: string[], Condition: RcpStatement['Condition']): RcpStatement => ({
    Sid,
    Effect: 'Deny',
    Principal: '*',
    Action,
    Resource: '*',
    Condition,
  });
  const identity: RcpStatement['Condition'] = {
    StringNotEqualsIfExists: {
      'aws:PrincipalOrgID': props.organizationId,
      ...outside({ 'aws:PrincipalAccount': trusted }),
    },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  };
  const insecure: RcpStatement['Condition'] = { BoolIfExists: { 'aws:SecureTransport': 'false' } };
  // Where public buckets live, S3 falls under its own statements, which skip those OUs.
  const covered = publicS3.length > 0 ? DATA_PERIMETER_SERVICES.filter((s) => s !== 's3') : DATA_PERIMETER_SERVICES;
  const notPublic = { 'ForAllValues:StringNotLike': { 'aws:ResourceOrgPaths': publicS3 } };
  return {
    Version: '2012-10-17',
    Statement: [
      deny('EnforceOrgIdentities', identityActions(covered), identity),
      deny('EnforceConfusedDeputyProtection', DATA_PERIMETER_SERVICES.map(wildcard), {
        StringNotEqualsIfExists: {
          'aws:SourceOrgID': props.organizationId,
          ...outside({ 'aws:SourceAccount': trusted }),
        },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      }),
      deny('EnforceSecureTransport', covered.map(wildcard), insecure),
      ...(publicS3.length > 0
        ? [
            deny('EnforceOrgIdentitiesOnPrivateS3', ['s3:*'], { ...identity, ...notPublic }),
            deny('EnforceSecureTransportOnPrivateS3', ['s3:*'], { ...insecure, ...notPublic }),
          ]
        : []),
    ],
  };
}

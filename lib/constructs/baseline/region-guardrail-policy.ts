/**
 * The region guardrail, an SCP: nothing runs outside the governed regions,
 * where GuardDuty, Config and Security Hub do not watch.
 *
 * It is AWS's example "Deny access to AWS based on the requested AWS Region"
 * (Organizations User Guide, orgs_manage_policies_scps_examples_general.html;
 * the same list in the AWS Privacy Reference Architecture's "Restrict data
 * transfers across AWS Regions"): a Deny on every action NOT in the list of
 * global services, whose single endpoints live in us-east-1 and would
 * otherwise be refused, when aws:RequestedRegion is not governed. KMS and
 * config are in AWS's list too. The landing zone's own deployment roles are
 * exempt, as in every guardrail SCP.
 */

/** The NotAction list of AWS's example, verbatim. */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'budgets:*',
  'ce:*',
  'cloudfront:*',
  'config:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'kms:*',
  'mobileanalytics:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
] as const;

export interface RegionGuardrailProps {
  /** The regions where anything may run. */
  readonly regions: readonly string[];
  /** ARN patterns of the principals that deploy the landing zone (the same list as the other guardrail SCPs). */
  readonly exemptPrincipalArns: readonly string[];
}

export interface RegionGuardrailDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ReadonlyArray<{
    readonly Sid: string;
    readonly Effect: 'Deny';
    readonly NotAction: string[];
    readonly Resource: '*';
    readonly Condition: Record<string, Record<string, string[]>>;
  }>;
}

export function regionGuardrailPolicy(props: RegionGuardrailProps): RegionGuardrailDocument {
  if (props.regions.length === 0) throw new Error('regions must list at least one region, got none');
  if (props.exemptPrincipalArns.length === 0) {
    throw new Error('exemptPrincipalArns must list the deployment roles, got none: the guardrail would lock them out');
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideGovernedRegions',
        Effect: 'Deny',
        NotAction: [...GLOBAL_SERVICE_ACTIONS],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': [...props.regions] },
          ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArns] },
        },
      },
    ],
  };
}

/**
 * The INSPECTOR_POLICY the landing zone attaches: Amazon Inspector scanning
 * for every account under its targets, in every governed region.
 *
 * Syntax ("Amazon Inspector policy syntax and examples",
 * orgs_manage_policies_inspector_syntax.html): `inspector.enablement.<scan
 * type>` with BOTH `enable_in_regions` and `disable_in_regions`, each an
 * `@@assign` list (empty allowed); `disable_in_regions` wins where a region is
 * in both; Lambda code scanning nests inside `lambda_standard_scanning`.
 *
 * Why the policy rather than the delegated administrator's API: the
 * administrator's auto-enable (UpdateOrganizationConfiguration) covers only
 * accounts that join later; existing members, and the administrator itself,
 * each need an Enable call per region, so a landing zone would have to list
 * and enable every account in every region and keep doing it. The policy
 * enables existing and new accounts under its targets alike (the audit
 * account included, as a member of the root), links them to the delegated
 * administrator, and needs no code that runs in member accounts. The
 * delegated administrator is still registered (ServiceDelegatedAdmin): it is a
 * prerequisite of the policy and where the organization's findings land.
 * Detaching the policy leaves accounts enabled; only new accounts stop being
 * enabled.
 */

export interface InspectorScans {
  /** EC2 instances (package and network reachability). */
  readonly ec2: boolean;
  /** ECR container images. */
  readonly ecr: boolean;
  /** Lambda functions' packages (standard scanning). */
  readonly lambda: boolean;
  /** Lambda functions' own code; Inspector scans it only where it scans the functions. */
  readonly lambdaCode: boolean;
}

export interface InspectorPolicyProps {
  readonly scans: InspectorScans;
  /** Where scans are switched on (or, for a scan set to false, off). */
  readonly regions: readonly string[];
}

type RegionLists = { enable_in_regions: { '@@assign': string[] }; disable_in_regions: { '@@assign': string[] } };

export interface InspectorPolicyDocument {
  readonly inspector: {
    readonly enablement: {
      readonly ec2_scanning: RegionLists;
      readonly ecr_scanning: RegionLists;
      readonly lambda_standard_scanning: RegionLists & { lambda_code_scanning: RegionLists };
    };
  };
}

/**
 * A scan set to false is switched off in the regions rather than left out: a
 * policy that omits it would leave accounts the previous policy enabled
 * scanning, and the config would not say what runs.
 */
export function inspectorPolicy(props: InspectorPolicyProps): InspectorPolicyDocument {
  if (props.regions.length === 0) throw new Error('regions must list at least one region, got none');
  if (props.scans.lambdaCode && !props.scans.lambda) {
    throw new Error('scans.lambdaCode needs scans.lambda: Inspector scans Lambda code only where it scans functions');
  }
  const regions = (on: boolean): RegionLists => ({
    enable_in_regions: { '@@assign': on ? [...props.regions] : [] },
    disable_in_regions: { '@@assign': on ? [] : [...props.regions] },
  });
  return {
    inspector: {
      enablement: {
        ec2_scanning: regions(props.scans.ec2),
        ecr_scanning: regions(props.scans.ecr),
        lambda_standard_scanning: {
          ...regions(props.scans.lambda),
          lambda_code_scanning: regions(props.scans.lambdaCode),
        },
      },
    },
  };
}

import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { Construct } from 'constructs';

/** The AWS log sources Security Lake collects, by their service name. */
export type LogSourceName =
  'CLOUD_TRAIL_MGMT' | 'LAMBDA_EXECUTION' | 'S3_DATA' | 'ROUTE53' | 'SH_FINDINGS' | 'VPC_FLOW' | 'EKS_AUDIT' | 'WAF';

export interface LogSource {
  readonly name: LogSourceName;
  /** The pinned source (OCSF mapping) version, e.g. `2.0`. */
  readonly version: string;
}

/**
 * Construct IDs per source. A source's ID is its identity: keyed by the fixed
 * service name rather than by position, removing one source never renames
 * (and so replaces) the others.
 */
const SOURCE_IDS: Record<LogSourceName, string> = {
  CLOUD_TRAIL_MGMT: 'CloudTrailManagementEvents',
  LAMBDA_EXECUTION: 'LambdaDataEvents',
  S3_DATA: 'S3DataEvents',
  ROUTE53: 'Route53ResolverQueryLogs',
  SH_FINDINGS: 'SecurityHubFindings',
  VPC_FLOW: 'VpcFlowLogs',
  EKS_AUDIT: 'EksAuditLogs',
  WAF: 'WafLogs',
};

export interface LogSourcesProps {
  readonly dataLakeArn: string;
  /** Sources to collect from every account of the organization, created in this order. */
  readonly sources: readonly LogSource[];
}

/**
 * The AWS log sources of one region's data lake, for all accounts of the
 * organization. CloudFormation requires AwsLogSource resources to be created
 * one after another, so each depends on the one before it.
 *
 * `Accounts` is left out on purpose: the API reference only calls it
 * optional, and without it Security Lake "uses all accounts included in the
 * Security Lake" (the Terraform AWS provider's reference of the same API),
 * which for a delegated administrator is every account of the organization.
 * Listing accounts would freeze the list at synth time; accounts that join
 * later are covered by the organization's auto-enable configuration.
 */
export class LogSources extends Construct {
  readonly resources: securitylake.CfnAwsLogSource[];

  constructor(scope: Construct, id: string, props: LogSourcesProps) {
    super(scope, id);
    if (props.sources.length === 0) throw new Error('sources must name at least one source, got none');
    const names = props.sources.map((s) => s.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`sources must name each source once, got ${twice} twice`);

    this.resources = props.sources.map(
      (source) =>
        new securitylake.CfnAwsLogSource(this, SOURCE_IDS[source.name], {
          dataLakeArn: props.dataLakeArn,
          sourceName: source.name,
          sourceVersion: source.version,
        }),
    );
    this.resources.slice(1).forEach((resource, i) => resource.addResourceDependency(this.resources[i]));
  }
}

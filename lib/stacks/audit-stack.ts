import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AuditConfig } from '../config/audit';
import { ROOT_TARGET, type OrganizationConfig } from '../config/organization';
import { COMMERCIAL_REGIONS, OPT_IN_REGIONS } from '../config/regions';
import { OrganizationAccessAnalyzer } from '../constructs/audit/access-analyzer';
import { AuditRegions } from '../constructs/audit/audit-regions';
import { EbsEncryptionStackSet } from '../constructs/baseline/ebs-encryption-stack-set';
import { OrganizationConfigAggregator } from '../constructs/audit/config-aggregator';
import { ConfigRecorderStackSet } from '../constructs/audit/config-recorder-stack-set';
import { GuardDutyRegions } from '../constructs/audit/guardduty-regions';
import { recorderDelivery } from '../constructs/audit/recorder-delivery';
import { LoggingConformancePack } from '../constructs/audit/logging-conformance-pack';
import { SecurityHubCentralConfiguration } from '../constructs/audit/security-hub-central-configuration';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import type { Naming } from '../naming';

/** The ID of the audit stack, which lives in the home region. */
export const auditStackId = (homeRegion: string) => `Audit-${homeRegion}`;

export interface AuditStackProps extends StackProps {
  readonly naming: Naming;
  readonly audit: AuditConfig;
  /** Root and OU IDs, which Security Hub policies and the recorder StackSet target. */
  readonly organization: Pick<OrganizationConfig, 'rootId' | 'organizationalUnits'>;
  readonly governedRegions: readonly string[];
  /** The trail bucket is in vault mode (true S3 MFA delete), which the conformance pack then checks. */
  readonly trailBucketVault: boolean;
  /** EBS encryption by default in every member account and governed region. @default false */
  readonly ebsEncryptionByDefault?: boolean;
}

/**
 * The audit account, from its home region, for the whole organization:
 * GuardDuty in every governed region (through a StackSet), Security Hub
 * central configuration, AWS Config aggregation, recording and conformance,
 * and IAM Access Analyzer.
 */
export class AuditStack extends Stack {
  readonly guardDuty: GuardDutyRegions;
  readonly securityHub: SecurityHubCentralConfiguration;

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, audit, organization } = props;
    if (this.region !== naming.homeRegion) {
      throw new Error(`the audit stack belongs in the home region ${naming.homeRegion}, got ${this.region}`);
    }

    this.guardDuty = new GuardDutyRegions(this, 'GuardDuty', {
      stackSetName: naming.guardDutyStackSetName,
      regions: props.governedRegions,
      optInRegions: OPT_IN_REGIONS,
      administrationRoleName: naming.guardDutyStackSetAdministrationRoleName,
      executionRoleName: naming.guardDutyStackSetExecutionRoleName,
      protections: audit.guardDuty.protections,
      findingPublishingFrequency: audit.guardDuty.findingPublishingFrequency,
      findingsBucketName: naming.guardDutyFindingsBucketName,
      findingsKeyAliasArn: naming.guardDutyFindingsKeyAliasArn,
      handlerRoleNamePrefix: naming.guardDutyHandlerName,
      handlerFunctionName: naming.guardDutyHandlerName,
    });

    const hub = audit.securityHub;
    this.securityHub = new SecurityHubCentralConfiguration(this, 'SecurityHub', {
      policyName: `${naming.prefix}-baseline`,
      linkedRegions: props.governedRegions.filter((r) => r !== this.region),
      partitionRegions: COMMERCIAL_REGIONS,
      standards: hub.standards,
      disabledControls: hub.disabledControls,
      targets: hub.policyTargets.map((name) =>
        name === ROOT_TARGET
          ? { type: 'ROOT', id: organization.rootId }
          : { type: 'ORGANIZATIONAL_UNIT', id: organization.organizationalUnits[name] },
      ),
      // Recorders run under a dedicated role, the StackSet's or Control Tower's.
      configServiceLinkedRoleCheck: false,
    });

    new OrganizationConfigAggregator(this, 'ConfigAggregator', { aggregatorName: `${naming.prefix}-organization` });
    let recorders: ConfigRecorderStackSet | undefined;
    // With Control Tower recording Config in every enrolled account, a second recorder is impossible.
    if (!audit.controlTower.configRecording) {
      const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
      recorders = new ConfigRecorderStackSet(this, 'ConfigRecorders', {
        stackSetName: `${naming.prefix}-config-recorders`,
        targets: [organization.rootId],
        regions: props.governedRegions,
        ...recorderDelivery(this, naming, providerLogs.logGroup),
      });
      providerLogs.acknowledgeProvider();
    }
    const pack = {
      packName: `${naming.prefix}-logging-baseline`,
      trailBucketName: naming.trailBucketName,
      vault: props.trailBucketVault,
    };
    const conformance = new LoggingConformancePack(this, 'LoggingConformancePack', pack);
    // Conformance packs evaluate through the recorders, which must exist first.
    if (recorders) conformance.node.addDependency(recorders);

    const analyzerName = `${naming.prefix}-organization`;
    new OrganizationAccessAnalyzer(this, 'AccessAnalyzer', { analyzerName });
    // Both are regional: the other governed regions get theirs through a StackSet.
    const otherRegions = props.governedRegions.filter((r) => r !== this.region);
    if (otherRegions.length > 0) {
      const regions = new AuditRegions(this, 'OtherRegions', {
        ...pack,
        analyzerName,
        stackSetName: naming.auditRegionsStackSetName,
        regions: otherRegions,
        optInRegions: OPT_IN_REGIONS,
        administrationRoleName: naming.auditRegionsStackSetAdministrationRoleName,
        executionRoleName: naming.auditRegionsStackSetExecutionRoleName,
      });
      if (recorders) regions.node.addDependency(recorders);
    }

    if (props.ebsEncryptionByDefault) {
      new EbsEncryptionStackSet(this, 'EbsEncryption', {
        stackSetName: `${naming.prefix}-ebs-encryption`,
        targets: [organization.rootId],
        regions: props.governedRegions,
        roleNamePrefix: `${naming.prefix}-ebs-encryption`,
        functionName: `${naming.prefix}-ebs-encryption-default`,
      });
    }
  }
}

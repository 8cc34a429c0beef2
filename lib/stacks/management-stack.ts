import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { baselinePolicies, type BaselineConfig } from '../config/baseline';
import type { ManagementConfig } from '../config/management';
import { ROOT_TARGET, type OrganizationConfig } from '../config/organization';
import { CisAlarms } from '../constructs/management/cis-alarms';
import { OrganizationBaseline } from '../constructs/baseline/organization-baseline';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import { EventDataStore } from '../constructs/management/event-data-store';
import { OrganizationTrail } from '../constructs/management/organization-trail';
import { ScpGuardrails } from '../constructs/management/scp-guardrails';
import { SecurityServiceDelegations } from '../constructs/management/security-service-delegations';
import { SecurityLakeDelegation } from '../constructs/security-lake/delegation';
import type { Naming } from '../naming';

export interface ManagementStackProps extends StackProps {
  readonly naming: Naming;
  readonly management: ManagementConfig;
  readonly organization: OrganizationConfig;
  readonly governedRegions: readonly string[];
  /** The trail bucket's delete protection; in vault mode the log-archive root user must enable MFA delete. */
  readonly trailBucketMfaDelete: 'policy' | 'vault';
  /** Register log-archive as Security Lake's delegated administrator. @default false */
  readonly securityLake?: boolean;
  /** Protect the alert-forwarding rules and roles with the guardrails. @default false */
  readonly alerting?: boolean;
  /** The preventive baseline's organization policies. @default - none */
  readonly baseline?: BaselineConfig;
  /** Security Lake's SIEM subscriber, outside the organization, which the data perimeter admits. @default - none */
  readonly siemAccountId?: string;
}

/** The management account: organization trail and its alarms, CloudTrail Lake, delegations, guardrails. */
export class ManagementStack extends Stack {
  readonly trail: OrganizationTrail;
  readonly cisAlarms: CisAlarms;
  /** The KMS-encrypted topic every CIS alarm notifies; alerting routes it to Slack. */
  readonly cisAlarmTopic: sns.ITopic;
  /** Trusted access and delegated administrators; depend on it to run after them. */
  readonly delegations: SecurityServiceDelegations;
  readonly eventDataStore?: EventDataStore;
  readonly guardrails: ScpGuardrails;
  readonly baseline?: OrganizationBaseline;
  /** Hand it to any further AwsCustomResource of this stack: they all share one provider Lambda. */
  readonly customResourceLogGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, management, organization } = props;
    const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
    this.customResourceLogGroup = providerLogs.logGroup;

    this.delegations = new SecurityServiceDelegations(this, 'Delegations', {
      organizationId: naming.organizationId,
      auditAccountId: naming.accounts.audit,
      governedRegions: props.governedRegions,
      logGroup: providerLogs.logGroup,
    });
    providerLogs.acknowledgeProvider();

    const { trail, cloudTrailLake } = management;
    this.trail = new OrganizationTrail(this, 'OrganizationTrail', {
      trailName: naming.trailName,
      bucketName: naming.trailBucketName,
      encryptionKeyArn: naming.logKeyAliasArn,
      logGroupName: naming.trailLogGroupName,
      logRetentionDays: trail.cloudWatchLogs.retentionDays,
      managementEvents: trail.managementEvents,
      insightTypes: trail.insights,
      s3DataEvents: trail.dataEvents.s3,
      excludedBucketNames: [naming.accessLogBucketName],
      lambdaDataEvents: trail.dataEvents.lambda,
    });
    // An organization trail needs CloudTrail's trusted access.
    this.trail.node.addDependency(this.delegations.cloudTrail);

    this.cisAlarms = new CisAlarms(this, 'CisAlarms', {
      logGroup: this.trail.logGroup,
      topicName: naming.cisAlarmTopicName,
      alarmNamePrefix: `${naming.prefix}-cis`,
    });
    this.cisAlarmTopic = this.cisAlarms.topic;

    if (cloudTrailLake.enabled) {
      this.eventDataStore = new EventDataStore(this, 'EventDataStore', {
        name: naming.eventDataStoreName,
        billingMode: cloudTrailLake.billingMode,
        retentionDays: cloudTrailLake.retentionDays,
        managementEvents: trail.managementEvents,
      });
      this.eventDataStore.node.addDependency(this.delegations.cloudTrail);
    }

    const ou = organization.organizationalUnits;
    const exemptPrincipalArns = [
      naming.deploymentRoleArnPattern(naming.accounts.logArchive),
      naming.deploymentRoleArnPattern(naming.accounts.audit),
      naming.stackSetExecutionRoleArnPattern,
      // Audit configures GuardDuty's detectors, organization settings and export through these roles.
      naming.guardDutyRoleArnPattern,
    ];
    this.guardrails = new ScpGuardrails(this, 'Guardrails', {
      organizationId: naming.organizationId,
      rootId: organization.rootId,
      targetIds: management.guardrails.targets.map((t) => (t === ROOT_TARGET ? organization.rootId : ou[t])),
      namePrefix: naming.prefix,
      logGroup: providerLogs.logGroup,
      exemptPrincipalArns,
      trailArn: naming.trailArn,
      managementAccountId: naming.accounts.management,
      logArchiveAccountId: naming.accounts.logArchive,
      logBucketArnPattern: naming.logArchiveBucketArnPattern,
      logKeyAlias: naming.logKeyAlias,
      allowLogArchiveRootToEnableMfaDelete: props.trailBucketMfaDelete === 'vault',
      alertForwarding: props.alerting
        ? { ruleArnPattern: naming.alertForwardingRuleArnPattern, roleArnPattern: naming.alertForwarderRoleArnPattern }
        : undefined,
    });
    // Organizations rejects concurrent changes: enabling SCPs waits for the delegations.
    this.guardrails.node.addDependency(this.delegations);

    if (props.securityLake) {
      // Security Lake's administrator (log-archive) is registered through Security Lake's own API,
      // once it has trusted access; one Organizations change at a time, so the SCPs wait for it too.
      const securityLakeDelegation = new SecurityLakeDelegation(this, 'SecurityLakeDelegation', {
        adminAccountId: naming.accounts.logArchive,
        organizationId: naming.organizationId,
        logGroup: this.customResourceLogGroup,
      });
      securityLakeDelegation.node.addDependency(this.delegations);
      this.guardrails.node.addDependency(securityLakeDelegation);
    }

    if (props.baseline) {
      this.baseline = new OrganizationBaseline(this, 'Baseline', {
        organizationId: naming.organizationId,
        rootId: organization.rootId,
        policies: baselinePolicies({
          baseline: props.baseline,
          organization,
          governedRegions: props.governedRegions,
          prefix: naming.prefix,
          siemAccountId: props.siemAccountId,
          exemptPrincipalArns,
        }),
        inspectorAdmin: props.baseline.inspector.enabled
          ? { adminAccountId: naming.accounts.audit, regions: props.governedRegions }
          : undefined,
        // The guardrails enable the SCP type; they count against the same five SCPs per target.
        enabledTypes: { SERVICE_CONTROL_POLICY: this.guardrails },
        otherAttachments: this.guardrails.policies.map((p) => ({
          type: 'SERVICE_CONTROL_POLICY' as const,
          name: p.name,
          targets: p.targetIds ?? [],
        })),
      });
      // One Organizations change at a time: the baseline comes after every delegation and the guardrails.
      this.baseline.node.addDependency(this.guardrails);
    }
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { baselinePolicies, type BaselineConfig } from '../config/baseline';
import type { ManagementConfig } from '../config/management';
import { ROOT_TARGET, type OrganizationConfig } from '../config/organization';
import { OPT_IN_REGIONS } from '../config/regions';
import { CisAlarms } from '../constructs/management/cis-alarms';
import { OrganizationPolicies } from '../constructs/baseline/organization-policies';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import { recorderDelivery } from '../constructs/audit/recorder-delivery';
import { ManagementConfigRecorders } from '../constructs/management/management-config-recorders';
import { OrganizationPolicyTypes } from '../constructs/management/organization-policy-types';
import { OrganizationTrail } from '../constructs/management/organization-trail';
import { ScpGuardrails } from '../constructs/management/scp-guardrails';
import { SecurityServiceDelegations } from '../constructs/management/security-service-delegations';
import { ServiceDelegatedAdmin } from '../constructs/management/service-delegated-admin';
import { SecurityLakeDelegation } from '../constructs/security-lake/delegation';
import type { Naming } from '../naming';
import { exemptPrincipalArns, guardrailTargets } from './guardrail-targets';

export interface ManagementStackProps extends StackProps {
  readonly naming: Naming;
  readonly management: ManagementConfig;
  readonly organization: OrganizationConfig;
  readonly governedRegions: readonly string[];
  /** The trail bucket's delete protection; in vault mode the log-archive root user must enable MFA delete. */
  readonly trailBucketMfaDelete: 'policy' | 'vault';
  /** Register log-archive as Security Lake's delegated administrator. @default false */
  readonly securityLake?: boolean;
  /** The regions with a Security Lake, which the guardrails protect. @default - none */
  readonly securityLakeRegions?: readonly string[];
  /** Protect the alert-forwarding rules and roles, and the alerts in audit, with the guardrails. @default false */
  readonly alerting?: boolean;
  /** AWS Control Tower records AWS Config: its execution role may change the recorders. @default false */
  readonly controlTowerConfigRecording?: boolean;
  /** Every member account has the own-logs reader role, which the guardrails then protect. @default false */
  readonly ownLogsReader?: boolean;
  /** The preventive baseline's organization policies. @default - none */
  readonly baseline?: BaselineConfig;
  /** Security Lake's SIEM subscriber, outside the organization, which the data perimeter admits. @default - none */
  readonly siemAccountId?: string;
}

/**
 * The management account: organization trail and its alarms, delegations,
 * guardrails. CloudTrail Lake, which AWS may refuse, has a stack of its own.
 */
export class ManagementStack extends Stack {
  readonly trail: OrganizationTrail;
  readonly cisAlarms: CisAlarms;
  /** The KMS-encrypted topic every CIS alarm notifies; alerting routes it to Slack. */
  readonly cisAlarmTopic: sns.ITopic;
  /** Trusted access and delegated administrators; depend on it to run after them. */
  readonly delegations: SecurityServiceDelegations;
  /** Enables the policy types the guardrails need on the root; every organization policy depends on it. */
  readonly policyTypes: OrganizationPolicyTypes;
  readonly guardrails: ScpGuardrails;
  /** The preventive baseline's organization policies, when the config has any. */
  readonly baseline?: OrganizationPolicies;
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
      legacySecurityHubAdmin: management.legacySecurityHubAdmin,
    });
    providerLogs.acknowledgeProvider();

    const { trail } = management;
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

    // Service-managed StackSets never reach this account: it records through its own StackSet.
    new ManagementConfigRecorders(this, 'ConfigRecorders', {
      stackSetName: naming.managementRecordersStackSetName,
      regions: props.governedRegions,
      optInRegions: OPT_IN_REGIONS,
      administrationRoleName: naming.managementRecordersStackSetAdministrationRoleName,
      executionRoleName: naming.managementRecordersStackSetExecutionRoleName,
      ...recorderDelivery(this, naming, providerLogs.logGroup),
    });

    const guardrails = guardrailTargets(naming, {
      securityLakeRegions: props.securityLake ? props.securityLakeRegions : undefined,
      alerting: props.alerting,
      controlTowerConfigRecording: props.controlTowerConfigRecording,
      vault: props.trailBucketMfaDelete === 'vault',
      otherGovernedRegions: props.governedRegions.some((r) => r !== naming.homeRegion),
      ownLogsReader: props.ownLogsReader,
    });
    const baseline = props.baseline
      ? baselinePolicies({
          baseline: props.baseline,
          organization,
          governedRegions: props.governedRegions,
          prefix: naming.prefix,
          siemAccountId: props.siemAccountId,
          exemptPrincipalArns: exemptPrincipalArns(guardrails.principals),
        })
      : [];

    // Every type the stack attaches, once: Organizations rejects concurrent changes, so this waits
    // for the delegations and enables the types one after another.
    this.policyTypes = new OrganizationPolicyTypes(this, 'PolicyTypes', {
      organizationId: naming.organizationId,
      rootId: organization.rootId,
      policyTypes: [...new Set(['SERVICE_CONTROL_POLICY', ...baseline.map((p) => p.type)])],
    });
    this.policyTypes.node.addDependency(this.delegations);
    if (props.baseline?.inspector.enabled) {
      // An Inspector policy needs Inspector's delegated administrator (and its trusted access) first.
      const inspectorAdmin = new ServiceDelegatedAdmin(this, 'InspectorDelegatedAdmin', {
        service: 'inspector2',
        adminAccountId: naming.accounts.audit,
        regions: props.governedRegions,
        organizationId: naming.organizationId,
      });
      // Only its call waits: its role is created at the start, so IAM has applied it by then.
      inspectorAdmin.resource.node.addDependency(this.delegations);
      this.policyTypes.node.addDependency(inspectorAdmin);
    }

    const ou = organization.organizationalUnits;
    this.guardrails = new ScpGuardrails(this, 'Guardrails', {
      policyTypes: this.policyTypes,
      targetIds: management.guardrails.targets.map((t) => (t === ROOT_TARGET ? organization.rootId : ou[t])),
      namePrefix: naming.prefix,
      ...guardrails,
    });

    if (props.securityLake) {
      // Security Lake's administrator (log-archive) is registered through Security Lake's own API,
      // once it has trusted access; one Organizations change at a time, so the SCPs wait for it too.
      const securityLakeDelegation = new SecurityLakeDelegation(this, 'SecurityLakeDelegation', {
        adminAccountId: naming.accounts.logArchive,
        organizationId: naming.organizationId,
        logGroup: this.customResourceLogGroup,
      });
      securityLakeDelegation.node.addDependency(this.delegations);
      this.policyTypes.node.addDependency(securityLakeDelegation);
    }

    if (baseline.length > 0) {
      this.baseline = new OrganizationPolicies(this, 'Baseline', {
        policyTypes: this.policyTypes,
        policies: baseline,
        // They count against the same five SCPs per target.
        otherAttachments: this.guardrails.policies.map((p) => ({
          type: 'SERVICE_CONTROL_POLICY' as const,
          name: p.name,
          targets: p.targetIds ?? [],
        })),
      });
      // One Organizations change at a time: the baseline comes after the guardrails.
      this.baseline.node.addDependency(this.guardrails);
    }
  }
}

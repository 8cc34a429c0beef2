import type { GuardrailPoliciesProps, GuardrailPrincipals } from '../constructs/management/guardrail-policies';
import type { Naming } from '../naming';

/** AWS Control Tower's role in every enrolled account; AWS names it, and Control Tower's own controls protect it. */
export const CONTROL_TOWER_EXECUTION_ROLE_ARN_PATTERN = 'arn:aws:iam::*:role/AWSControlTowerExecution';

export interface GuardrailTargetsOptions {
  /** Regions with a Security Lake stack in log-archive. @default - no Security Lake */
  readonly securityLakeRegions?: readonly string[];
  /** @default false */
  readonly alerting?: boolean;
  /** AWS Control Tower records AWS Config in the member accounts. @default false */
  readonly controlTowerConfigRecording?: boolean;
  /** The trail bucket's vault mode: its root user must turn on MFA delete. @default false */
  readonly vault?: boolean;
  /** Governed regions besides home, which audit's other-regions StackSet deploys to. @default false */
  readonly otherGovernedRegions?: boolean;
  /** Every member account has the own-logs reader role (`logArchive.ownLogs.enabled`). @default false */
  readonly ownLogsReader?: boolean;
}

/**
 * What the guardrail SCPs protect and whom they exempt, by the names the
 * landing zone's stacks give them. A role of which there is one is exempt by
 * its exact ARN (the home region's deployment roles, the GuardDuty StackSet's
 * execution role, the bootstrap roles). A family of one role per region is
 * exempt by the region pattern of its name, as is the StackSets role, whose
 * suffix AWS chooses: the guardrails close every such name space to anyone
 * but the family's deployer, so only the family's own roles can match.
 */
export function guardrailTargets(naming: Naming, options: GuardrailTargetsOptions): GuardrailPoliciesProps {
  const { logArchive, audit } = naming.accounts;
  const home = naming.homeRegion;
  const lakeRegions = options.securityLakeRegions ?? [];
  const deployAccounts = [logArchive, audit];
  return {
    principals: {
      logArchiveDeployment: naming.deploymentRoleArn(logArchive, home),
      // Families of one role per region are named by their region pattern, in a name space no one but
      // their deployer may create roles in: exact lists would outgrow the SCP size limit with the regions.
      securityLakeDeployments: lakeRegions.length > 0 ? naming.deploymentRoleArnPattern(logArchive) : undefined,
      auditDeployment: naming.deploymentRoleArn(audit, home),
      deployRoles: [
        lakeRegions.length > 0 ? naming.deployRoleArnPattern(logArchive) : naming.deployRoleArn(logArchive, home),
        naming.deployRoleArn(audit, home),
      ],
      deployers: naming.deployerRoleArns,
      bootstrapRoles: deployAccounts.map((a) => naming.bootstrapRoleArn(a)),
      stackSetExecution: naming.stackSetExecutionRoleArnPattern,
      guardDutyExecution: naming.guardDutyStackSetExecutionRoleArn,
      guardDutyHandlers: naming.guardDutyHandlerRoleArnPattern,
      auditRegionsExecution: options.otherGovernedRegions ? naming.auditRegionsStackSetExecutionRoleArn : undefined,
      controlTowerExecution: options.controlTowerConfigRecording ? CONTROL_TOWER_EXECUTION_ROLE_ARN_PATTERN : undefined,
    },
    logArchiveAccountId: logArchive,
    auditAccountId: audit,
    logBucketArnPattern: naming.logArchiveBucketArnPattern,
    logKeyAlias: naming.logKeyAlias,
    findingsKeyAlias: naming.guardDutyFindingsKeyAlias,
    configRecorderRoleArnPattern: naming.configRecorderRoleArnPattern,
    guardDutyRoleArnPattern: naming.guardDutyRoleArnPattern,
    auditRegionsRoleArnPattern: naming.auditRegionsRoleArnPattern,
    guardDutyHandlerFunctionArnPattern: naming.guardDutyHandlerFunctionArnPattern,
    investigatorRoleArn: naming.investigatorRoleArn,
    ownLogsReaderRoleArnPattern: options.ownLogsReader ? naming.ownLogsReaderRoleArnPattern : undefined,
    cdkRoleArnPatterns: deployAccounts.map((a) => naming.cdkRoleArnPattern(a)),
    deploymentRoleArnPatterns: deployAccounts.map((a) => naming.deploymentRoleArnPattern(a)),
    deployRoleArnPatterns: deployAccounts.map((a) => naming.deployRoleArnPattern(a)),
    stackArnPatterns: [...naming.landingZoneStackArnPatterns, naming.stackSetInstanceArnPattern],
    cdkPolicyArnPatterns: deployAccounts.map((a) => naming.cdkPolicyArnPattern(a)),
    auditPolicyArnPatterns: naming.auditPolicyArnPatterns,
    stackSetPolicyArnPattern: naming.stackSetPolicyArnPattern,
    securityLake: lakeRegions.length > 0 ? { keyAlias: naming.securityLakeKeyAlias } : undefined,
    alerting: options.alerting
      ? {
          forwardingRuleArnPattern: naming.alertForwardingRuleArnPattern,
          forwarderRoleArnPattern: naming.alertForwarderRoleArnPattern,
          busArn: naming.alertBusArn,
          ruleArnPatterns: naming.alertRuleArnPatterns,
          topicArnPattern: naming.alertTopicArnPattern,
          keyAlias: naming.alertKeyAlias,
          chatConfigurationArnPattern: naming.alertChatConfigurationArnPattern,
        }
      : undefined,
    allowLogArchiveRootToEnableMfaDelete: options.vault ?? false,
  };
}

/**
 * Every principal the guardrails exempt from one statement or another: the
 * landing zone's own roles, which a guardrail that binds all actions (the
 * region guardrail) must exempt too. Each is protected by name.
 */
export function exemptPrincipalArns(principals: GuardrailPrincipals): string[] {
  const p = principals;
  const all = [
    p.logArchiveDeployment,
    p.securityLakeDeployments,
    p.auditDeployment,
    ...p.deployRoles,
    ...(p.deployers ?? []),
    ...p.bootstrapRoles,
    p.stackSetExecution,
    p.guardDutyExecution,
    p.guardDutyHandlers,
    p.auditRegionsExecution,
    p.controlTowerExecution,
  ];
  return [...new Set(all.filter((arn): arn is string => arn !== undefined))];
}

import { landingZoneStackStatement } from './guardrail-deployment';
import type { GuardrailPoliciesProps } from './guardrail-policies';
import { CHANGE_IAM, deny, type ScpStatement } from './guardrail-statement';

/**
 * Every CloudTrail action that creates, changes, stops or deletes a trail or
 * an event data store, or its ingestion, selectors, federation and imports
 * ("Actions defined by AWS CloudTrail", Service Authorization Reference).
 * Channels, imports and dashboards work on an event data store of the
 * account, so denying the store denies them. Reads (LookupEvents, Get*, List*,
 * Describe*) and CloudTrail Lake queries stay allowed.
 */
export const CLOUDTRAIL_ADMINISTRATION = [
  'cloudtrail:CreateTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:DeleteTrail',
  'cloudtrail:StartLogging',
  'cloudtrail:StopLogging',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'cloudtrail:PutEventConfiguration',
  'cloudtrail:CreateEventDataStore',
  'cloudtrail:UpdateEventDataStore',
  'cloudtrail:DeleteEventDataStore',
  'cloudtrail:RestoreEventDataStore',
  'cloudtrail:StartEventDataStoreIngestion',
  'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:EnableFederation',
  'cloudtrail:DisableFederation',
];

/**
 * The trail, the event data store, the log buckets, the keys, Security Lake,
 * the own-logs reader role, and the stacks that deploy them. Only the
 * management account administers CloudTrail, and SCPs never bind it: no
 * member principal may, a CloudTrail delegated administrator included; only
 * Control Tower's execution role, where Control Tower is in use, is exempt.
 */
export function loggingStatements(props: GuardrailPoliciesProps): ScpStatement[] {
  const { principals: p, logArchiveAccountId: logArchive, auditAccountId: audit } = props;
  const lakeDeployments = p.securityLakeDeployments ? [p.securityLakeDeployments] : [];
  const keyDeployments = [p.logArchiveDeployment, ...lakeDeployments, ...(props.alerting ? [p.auditDeployment] : [])];
  const aliases = [
    props.logKeyAlias,
    props.findingsKeyAlias,
    props.securityLake?.keyAlias,
    props.alerting?.keyAlias,
  ].filter((a): a is string => a !== undefined);
  const aliasArn = (alias: string) =>
    `arn:aws:kms:*:${alias === props.alerting?.keyAlias ? audit : logArchive}:${alias}`;
  return [
    // Administering CloudTrail is the management account's alone (SCPs never bind it); members only read.
    // Control Tower, where it records, keeps the account-level trails of its older landing zones through its own
    // execution role, which its mandatory controls protect: the landing zone does not stand in its way.
    deny(
      'DenyCloudTrailAdministration',
      CLOUDTRAIL_ADMINISTRATION,
      '*',
      p.controlTowerExecution ? [p.controlTowerExecution] : [],
    ),
    deny(
      'DenyDeletingLogBucketsOrPolicies',
      ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
      props.logBucketArnPattern,
      [p.logArchiveDeployment],
    ),
    // The log key, the GuardDuty findings key, each region's Security Lake key and the alert key, by their aliases.
    deny(
      'DenyDisablingLogKeys',
      ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'],
      [...new Set([logArchive, ...(props.alerting ? [audit] : [])])].map((a) => `arn:aws:kms:*:${a}:key/*`),
      keyDeployments,
      { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases } },
    ),
    // Without its alias a key would slip out of the statement above.
    deny('DenyMovingLogKeyAliases', ['kms:DeleteAlias', 'kms:UpdateAlias'], aliases.map(aliasArn), keyDeployments),
    ...(props.securityLake
      ? [
          // Lake Formation's settings are the account's, not a resource's: the account condition scopes them.
          deny(
            'DenyChangingSecurityLake',
            [
              'securitylake:DeleteDataLake',
              'securitylake:UpdateDataLake',
              'securitylake:DeleteAwsLogSource',
              'securitylake:CreateSubscriber',
              'securitylake:UpdateSubscriber',
              'securitylake:DeleteSubscriber',
              'lakeformation:PutDataLakeSettings',
            ],
            '*',
            lakeDeployments,
            { StringEquals: { 'aws:ResourceAccount': logArchive } },
          ),
        ]
      : []),
    ...(props.ownLogsReaderRoleArnPattern
      ? [deny('DenyChangingOwnLogsReader', CHANGE_IAM, props.ownLogsReaderRoleArnPattern, [p.stackSetExecution])]
      : []),
    landingZoneStackStatement(props),
  ];
}

/** GuardDuty, Security Hub, AWS Config, Access Analyzer, and the alerts that report on them. */
export function detectionStatements(props: GuardrailPoliciesProps): ScpStatement[] {
  const { principals: p, alerting } = props;
  const recorders = [p.stackSetExecution, ...(p.controlTowerExecution ? [p.controlTowerExecution] : [])];
  return [
    deny(
      'DenyDisablingGuardDuty',
      [
        'guardduty:DeleteDetector',
        'guardduty:UpdateDetector',
        'guardduty:UpdateMemberDetectors',
        'guardduty:UpdateOrganizationConfiguration',
        'guardduty:UpdateMalwareScanSettings',
        'guardduty:DisassociateFromAdministratorAccount',
        'guardduty:DisassociateFromMasterAccount',
        'guardduty:DeleteMembers',
        'guardduty:DisassociateMembers',
        'guardduty:StopMonitoringMembers',
        'guardduty:DeletePublishingDestination',
        'guardduty:UpdatePublishingDestination',
        'guardduty:CreateFilter',
        'guardduty:UpdateFilter',
        'guardduty:CreateIPSet',
        'guardduty:UpdateIPSet',
      ],
      '*',
      [p.guardDutyExecution, p.guardDutyHandlers],
    ),
    deny(
      'DenyDisablingSecurityHub',
      [
        'securityhub:DisableSecurityHub',
        'securityhub:DisableImportFindingsForProduct',
        'securityhub:BatchDisableStandards',
        'securityhub:UpdateStandardsControl',
        'securityhub:BatchUpdateStandardsControlAssociations',
        'securityhub:UpdateSecurityHubConfiguration',
        'securityhub:UpdateOrganizationConfiguration',
        'securityhub:UpdateConfigurationPolicy',
        'securityhub:DeleteConfigurationPolicy',
        'securityhub:StartConfigurationPolicyDisassociation',
        'securityhub:UpdateFindingAggregator',
        'securityhub:DeleteFindingAggregator',
        'securityhub:DisassociateFromAdministratorAccount',
        'securityhub:DisassociateFromMasterAccount',
        'securityhub:DeleteMembers',
        'securityhub:DisassociateMembers',
      ],
      '*',
      [p.auditDeployment],
    ),
    // Recorders are the StackSet's, or Control Tower's when it records (it enrolls, updates and repairs them).
    deny(
      'DenyChangingConfigRecording',
      [
        'config:StopConfigurationRecorder',
        'config:DeleteConfigurationRecorder',
        'config:PutConfigurationRecorder',
        'config:DeleteDeliveryChannel',
        'config:PutDeliveryChannel',
      ],
      '*',
      recorders,
    ),
    // The forwarder's permissions are a managed policy of its StackSet instance: no new version of it either.
    deny(
      'DenyChangingForwarderAndRecorderRoles',
      CHANGE_IAM,
      [
        props.configRecorderRoleArnPattern,
        ...(alerting ? [alerting.forwarderRoleArnPattern] : []),
        props.stackSetPolicyArnPattern,
      ],
      [p.stackSetExecution],
    ),
    deny(
      'DenyDisablingAccessAnalyzer',
      [
        'access-analyzer:DeleteAnalyzer',
        'access-analyzer:UpdateAnalyzer',
        'access-analyzer:CreateArchiveRule',
        'access-analyzer:UpdateArchiveRule',
        'access-analyzer:ApplyArchiveRule',
      ],
      '*',
      // The other governed regions' analyzers are the audit-regions StackSet's.
      [p.auditDeployment, ...(p.auditRegionsExecution ? [p.auditRegionsExecution] : [])],
    ),
    ...(alerting
      ? [
          deny(
            'DenySilencingAlertForwarding',
            ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
            alerting.forwardingRuleArnPattern,
            [p.stackSetExecution],
          ),
          deny(
            'DenySilencingAlerts',
            [
              'events:DeleteEventBus',
              'events:DeleteRule',
              'events:DisableRule',
              'events:PutRule',
              'events:PutTargets',
              'events:RemoveTargets',
              'sns:DeleteTopic',
              'sns:SetTopicAttributes',
              'sns:AddPermission',
              'sns:RemovePermission',
              'sns:Unsubscribe',
              'chatbot:Delete*',
              'chatbot:Update*',
            ],
            [
              alerting.busArn,
              ...alerting.ruleArnPatterns,
              alerting.topicArnPattern,
              alerting.chatConfigurationArnPattern,
            ],
            [p.auditDeployment],
          ),
          // A bus's policy is changed with actions that name no resource: scoped to audit's principals instead.
          deny('DenyWideningAlertBus', ['events:PutPermission', 'events:RemovePermission'], '*', [p.auditDeployment], {
            StringEquals: { 'aws:PrincipalAccount': props.auditAccountId },
          }),
        ]
      : []),
  ];
}

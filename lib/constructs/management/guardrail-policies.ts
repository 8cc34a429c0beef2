/** One IAM policy statement as an SCP holds it. */
export interface ScpStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ScpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ScpStatement[];
}

export interface GuardrailPolicy {
  /** Suffix of the policy name; stable, since the name identifies the policy in Organizations. */
  readonly name: string;
  readonly description: string;
  readonly document: ScpDocument;
}

export interface GuardrailPoliciesProps {
  /** ARN patterns of the principals that deploy the landing zone; they alone may change what is protected. */
  readonly exemptPrincipalArns: readonly string[];
  readonly trailArn: string;
  /** The account that owns the organization trail and event data store. */
  readonly managementAccountId: string;
  readonly logArchiveAccountId: string;
  /** ARN pattern of the log-archive buckets. */
  readonly logBucketArnPattern: string;
  /** Alias of the log-archive key, e.g. `alias/lz/logs`. */
  readonly logKeyAlias: string;
  /**
   * Only the root user can turn on S3 MFA delete, with `PutBucketVersioning`.
   * When true (the trail bucket's vault mode), the log-archive root user may
   * still read and change bucket versioning, and nothing else.
   * @default false
   */
  readonly allowLogArchiveRootToEnableMfaDelete?: boolean;
  /**
   * ARN patterns of the EventBridge rules and IAM roles that forward each
   * account's security events to the alert bus; an intruder who could remove
   * them would silence an account before stopping its trail.
   * @default - forwarding is not protected (no alerting configured)
   */
  readonly alertForwarding?: { readonly ruleArnPattern: string; readonly roleArnPattern: string };
}

/** Organizations' limit on the size of a service control policy. */
export const SCP_MAX_BYTES = 5120;

/**
 * The landing zone's service control policies. They bind every principal of
 * the member accounts under their targets (never the management account):
 * the evidence, the detectors and the organization itself are out of reach,
 * except for the landing zone's own deployment roles.
 */
export function guardrailPolicies(props: GuardrailPoliciesProps): GuardrailPolicy[] {
  const exempt: ScpStatement['Condition'] = { ArnNotLike: { 'aws:PrincipalArn': [...props.exemptPrincipalArns] } };
  const deny = (Sid: string, Action: string[], Resource: string | string[], Condition = exempt): ScpStatement => ({
    Sid,
    Effect: 'Deny',
    Action,
    Resource,
    Condition,
  });
  const logArchive = props.logArchiveAccountId;
  const logging = [
    deny(
      'DenyChangingOrganizationTrail',
      [
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:UpdateTrail',
        'cloudtrail:PutEventSelectors',
        'cloudtrail:PutInsightSelectors',
      ],
      props.trailArn,
    ),
    deny(
      'DenyChangingEventDataStore',
      ['cloudtrail:DeleteEventDataStore', 'cloudtrail:UpdateEventDataStore', 'cloudtrail:StopEventDataStoreIngestion'],
      `arn:aws:cloudtrail:*:${props.managementAccountId}:eventdatastore/*`,
    ),
    deny(
      'DenyDeletingLogBucketsOrPolicies',
      ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
      props.logBucketArnPattern,
    ),
    deny(
      'DenyDisablingLogKey',
      ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'],
      `arn:aws:kms:*:${logArchive}:key/*`,
      { ...exempt, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.logKeyAlias } },
    ),
    // Without its alias the key would slip out of the statement above.
    deny(
      'DenyMovingLogKeyAlias',
      ['kms:DeleteAlias', 'kms:UpdateAlias'],
      `arn:aws:kms:*:${logArchive}:${props.logKeyAlias}`,
    ),
  ];
  const detection = [
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
    ),
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
    ),
    ...(props.alertForwarding
      ? [
          deny(
            'DenySilencingAlertForwarding',
            ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
            props.alertForwarding.ruleArnPattern,
          ),
          deny(
            'DenyChangingAlertForwarderRole',
            [
              'iam:DeleteRole',
              'iam:UpdateAssumeRolePolicy',
              'iam:AttachRolePolicy',
              'iam:DetachRolePolicy',
              'iam:PutRolePolicy',
              'iam:DeleteRolePolicy',
            ],
            props.alertForwarding.roleArnPattern,
          ),
        ]
      : []),
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
    ),
  ];
  const rootArn = { 'aws:PrincipalArn': 'arn:aws:iam::*:root' };
  const organization: ScpStatement[] = [
    { Sid: 'DenyLeavingOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    props.allowLogArchiveRootToEnableMfaDelete
      ? {
          Sid: 'DenyMemberRootUser',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { ArnLike: rootArn, StringNotEquals: { 'aws:PrincipalAccount': logArchive } },
        }
      : { Sid: 'DenyMemberRootUser', Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnLike: rootArn } },
  ];
  if (props.allowLogArchiveRootToEnableMfaDelete) {
    organization.push({
      Sid: 'DenyLogArchiveRootUserExceptMfaDelete',
      Effect: 'Deny',
      NotAction: ['s3:GetBucketVersioning', 's3:PutBucketVersioning'],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${logArchive}:root` } },
    });
  }
  return [
    {
      name: 'protect-logging',
      description:
        'Nobody but the landing zone deployments changes the organization trail, event data store, log buckets or log key',
      document: { Version: '2012-10-17', Statement: logging },
    },
    {
      name: 'protect-detection',
      description:
        'Nobody but the landing zone deployments disables GuardDuty, Security Hub, AWS Config or Access Analyzer',
      document: { Version: '2012-10-17', Statement: detection },
    },
    {
      name: 'protect-organization',
      description: 'No account leaves the organization and no member-account root user acts',
      document: { Version: '2012-10-17', Statement: organization },
    },
  ];
}

import { AccessModel, ALLOW_ALL, type AccessCase, type Principal } from '../support/access';
import { configWith, exampleConfig } from '../support/app';
import { landingZoneAssembly } from '../support/assembly-cache';
import { DeployedLandingZone } from '../support/policies';
import { Naming } from '../../lib/naming';

/**
 * The security contract of the landing zone, as a real IAM policy engine
 * answers it over the synthesized SCPs, bucket, key, bus, topic and trust
 * policies and the roles' own policies. Each row: who asks, for what, on
 * which resource, and what AWS answers. See docs/guardrails.md.
 */

const config = exampleConfig();
const naming = new Naming(config);
const { management: MANAGEMENT, logArchive: LOG_ARCHIVE, audit: AUDIT } = config.accounts;
const MEMBER = '444444444444';
const OUTSIDER = '999999999999';
const HOME = config.regions.home;
const OTHER_REGION = config.regions.governed.find((r) => r !== HOME)!;
const { prefix, cdkQualifier: q } = config.deployment;

const NEIGHBOUR = '666666666666';
const lz = DeployedLandingZone.fromAssembly(landingZoneAssembly(config))
  .withStackSetInstance(`${prefix}-alert-forwarders`, MEMBER, HOME)
  .withStackSetInstance(`${prefix}-own-logs`, MEMBER, HOME);
const access = new AccessModel(lz, {
  id: config.organization.id,
  rootId: config.organization.rootId,
  managementAccount: MANAGEMENT,
  accounts: [MANAGEMENT, LOG_ARCHIVE, AUDIT, MEMBER, NEIGHBOUR],
  homeRegion: HOME,
});

// Names the cases use, spelled out here rather than taken from lib/naming.ts: the contract states them.
const trailBucket = `arn:aws:s3:::${naming.trailBucketName}`;
const trailLog = (path: string) => `${trailBucket}/AWSLogs/${path}/CloudTrail/${HOME}/2026/12/01/log.json.gz`;
const memberTrailLog = trailLog(`${config.organization.id}/${MEMBER}`);
const configBucket = `arn:aws:s3:::${naming.configBucketName}`;
const accessLogBucket = `arn:aws:s3:::${naming.accessLogBucketName}`;
const logKey = lz.keyArn(naming.logKeyAlias, LOG_ARCHIVE, HOME);
const lakeKey = lz.keyArn(`alias/${prefix}/security-lake`, LOG_ARCHIVE, OTHER_REGION);
const alertKey = lz.keyArn(`alias/${prefix}/alerts`, AUDIT, HOME);
const trailArn = naming.trailArn;
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const deploymentRole = (account: string, region: string) =>
  role(account, `cdk-${q}-cfn-exec-role-${account}-${region}`);
const deployRole = (account: string, region: string) => role(account, `cdk-${q}-deploy-role-${account}-${region}`);
const stackSetExecution = (account: string) => role(account, 'stacksets-exec-5f3c9a1e0d8b4c27a6e1f0b2c3d4e5f6');
const guardDutyHandler = (region: string) => role(AUDIT, `${prefix}-guardduty-detector-${region}`);
const guardDutyExecution = role(AUDIT, `${prefix}-guardduty-stackset-exec`);
const auditRegionsExecution = role(AUDIT, `${prefix}-audit-regions-stackset-exec`);
const otherRegionAnalyzer = `arn:aws:access-analyzer:${OTHER_REGION}:${AUDIT}:analyzer/${prefix}-organization`;
const forwarderRole = role(MEMBER, `${prefix}-alert-forwarder-${HOME}`);
const recorderRole = role(MEMBER, `${prefix}-config-recorder-${HOME}`);
const ownLogsReader = (account: string) => role(account, `${prefix}-own-logs-reader`);
const investigatorRole = role(AUDIT, `${prefix}-log-investigator`);
const bootstrapRole = (account: string) => role(account, 'OrganizationAccountAccessRole');
const controlTowerExecution = (account: string) => role(account, 'AWSControlTowerExecution');
const recorder = (account: string) =>
  `arn:aws:config:${HOME}:${account}:configuration-recorder/default/0a1b2c3d4e5f6a7b`;
const alertBus = `arn:aws:events:${HOME}:${AUDIT}:event-bus/${prefix}-security-alerts`;
const alertTopic = `arn:aws:sns:${HOME}:${AUDIT}:${prefix}-alerts-security`;
const forwarderPolicy = lz.resources.find(
  (r) => r.type === 'AWS::IAM::ManagedPolicy' && r.account === MEMBER && r.logicalId === 'ForwarderPolicy',
)!.arn;

const investigatorPolicy = lz.resources.find(
  (r) =>
    r.type === 'AWS::IAM::ManagedPolicy' && r.stack === 'Investigation' && r.logicalId.startsWith('InvestigatorPolicy'),
)!.arn;

// Principals.
const admin = (account: string, options: { mfa?: boolean } = {}) =>
  access.administrator(account, 'Administrator', options);
const identityCenterAdmin = (account: string) =>
  access.role(
    `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${HOME}/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b`,
    [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
    // Identity Center signs in through SAML federation; STS records no MFA for the role session.
    { mfa: false },
  );
const outsider = access.role(role(OUTSIDER, 'Administrator'), [{ name: 'AdministratorAccess', policy: ALLOW_ALL }], {
  orgId: 'o-otherorg999',
});
// CDK bootstrap and StackSets give these roles AdministratorAccess (README "Deploying", CloudFormation docs).
const withAdmin = (arn: string, options: { mfa?: boolean } = {}): Principal =>
  access.role(arn, [{ name: 'AdministratorAccess', policy: ALLOW_ALL }], options);
const cloudtrail = access.service('cloudtrail.amazonaws.com');
const config_ = access.service('config.amazonaws.com');
const s3Logging = access.service('logging.s3.amazonaws.com');

/** The deploy role's trust policy as `cdk bootstrap --trust <account>` writes it: its own account and the trusted ones. */
const bootstrapTrust = (...accounts: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: 'sts:AssumeRole' },
  ],
});

const fromTrail = (arn: string) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': arn.split(':')[4] });
const trailContext = (arn: string) => ({ 'kms:EncryptionContext:aws:cloudtrail:arn': arn });
const ownerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };

const trailBucketCases: AccessCase[] = [
  {
    name: "CloudTrail writes a member account's log file of the organization trail",
    who: cloudtrail,
    action: 's3:PutObject',
    resource: memberTrailLog,
    context: { ...fromTrail(trailArn), ...ownerFullControl },
    expect: 'Allowed',
  },
  {
    name: "CloudTrail writes the management account's own log file of the organization trail",
    who: cloudtrail,
    action: 's3:PutObject',
    resource: trailLog(MANAGEMENT),
    context: { ...fromTrail(trailArn), ...ownerFullControl },
    expect: 'Allowed',
  },
  {
    name: "CloudTrail cannot write another organization's trail into the trail bucket",
    who: cloudtrail,
    action: 's3:PutObject',
    resource: trailLog(OUTSIDER),
    context: { ...fromTrail(`arn:aws:cloudtrail:${HOME}:${OUTSIDER}:trail/org`), ...ownerFullControl },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
  {
    name: 'CloudTrail checks the trail bucket ACL for the organization trail',
    who: cloudtrail,
    action: 's3:GetBucketAcl',
    resource: trailBucket,
    context: fromTrail(trailArn),
    expect: 'Allowed',
  },
  {
    name: 'a log-archive administrator without MFA cannot delete a log version',
    who: admin(LOG_ARCHIVE),
    action: 's3:DeleteObjectVersion',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'an IAM Identity Center administrator of log-archive cannot delete a log version: its session has no MFA',
    who: identityCenterAdmin(LOG_ARCHIVE),
    action: 's3:DeleteObjectVersion',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'the log-archive deployment role cannot delete a log version',
    who: withAdmin(deploymentRole(LOG_ARCHIVE, HOME)),
    action: 's3:DeleteObjectVersion',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'without MFA no one bypasses governance retention',
    who: admin(LOG_ARCHIVE),
    action: 's3:BypassGovernanceRetention',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'break-glass: a log-archive role session created with MFA deletes a log version (Object Lock still applies)',
    who: withAdmin(bootstrapRole(LOG_ARCHIVE), { mfa: true }),
    action: 's3:DeleteObjectVersion',
    resource: memberTrailLog,
    expect: 'Allowed',
  },
  {
    name: 'break-glass: a log-archive role session created with MFA bypasses governance retention',
    who: withAdmin(bootstrapRole(LOG_ARCHIVE), { mfa: true }),
    action: 's3:BypassGovernanceRetention',
    resource: memberTrailLog,
    expect: 'Allowed',
  },
  {
    name: 'even with MFA, a log-archive administrator cannot change the trail bucket policy (the SCP)',
    who: admin(LOG_ARCHIVE, { mfa: true }),
    action: 's3:PutBucketPolicy',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDeletingLogBucketsOrPolicies',
  },
  {
    name: "the home region's log-archive deployment role changes the trail bucket policy",
    who: withAdmin(deploymentRole(LOG_ARCHIVE, HOME)),
    action: 's3:PutBucketPolicy',
    resource: trailBucket,
    expect: 'Allowed',
  },
  {
    name: "another region's log-archive deployment role cannot change the trail bucket policy",
    who: withAdmin(deploymentRole(LOG_ARCHIVE, OTHER_REGION)),
    action: 's3:PutBucketPolicy',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
  },
  {
    name: 'a role named like a deployment role of an ungoverned region cannot suspend versioning without MFA',
    who: withAdmin(deploymentRole(LOG_ARCHIVE, 'us-east-1')),
    action: 's3:PutBucketVersioning',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyWeakeningProtectionWithoutMfa',
  },
  {
    name: 'a log-archive administrator without MFA cannot suspend versioning',
    who: admin(LOG_ARCHIVE),
    action: 's3:PutBucketVersioning',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyWeakeningProtectionWithoutMfa',
  },
  {
    name: "the deployment role updates the trail bucket's lifecycle without MFA",
    who: withAdmin(deploymentRole(LOG_ARCHIVE, HOME)),
    action: 's3:PutLifecycleConfiguration',
    resource: trailBucket,
    expect: 'Allowed',
  },
  {
    name: "an administrator of another organization cannot read the organization's log files",
    who: outsider,
    action: 's3:GetObject',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyPrincipalsOutsideOrganization',
  },
  {
    name: 'the investigator reads log files',
    who: access.deployedRole(investigatorRole),
    action: 's3:GetObject',
    resource: memberTrailLog,
    expect: 'Allowed',
  },
  {
    name: 'an audit administrator who is not the investigator cannot read log files',
    who: admin(AUDIT),
    action: 's3:GetObject',
    resource: memberTrailLog,
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'not even the investigator reads log files without TLS',
    who: access.deployedRole(investigatorRole),
    action: 's3:GetObject',
    resource: memberTrailLog,
    context: { 'aws:SecureTransport': 'false' },
    expect: 'ExplicitlyDenied',
  },
  {
    name: 'the investigator cannot delete log files',
    who: access.deployedRole(investigatorRole),
    action: 's3:DeleteObject',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
];

const viaS3 = { 'kms:ViaService': `s3.${HOME}.amazonaws.com` };
const logKeyCases: AccessCase[] = [
  {
    name: 'CloudTrail encrypts the organization trail with the log key',
    who: cloudtrail,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: { ...fromTrail(trailArn), ...trailContext(trailArn) },
    expect: 'Allowed',
  },
  {
    name: 'CloudTrail cannot use the log key for another trail (wrong encryption context)',
    who: cloudtrail,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: { ...fromTrail(trailArn), ...trailContext(`arn:aws:cloudtrail:${HOME}:${MANAGEMENT}:trail/other`) },
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'CloudTrail cannot use the log key without the encryption context of the organization trail',
    who: cloudtrail,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: fromTrail(trailArn),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'the trail creator (management deployment role) decrypts under the CloudTrail encryption context, as an S3 Bucket Key needs',
    who: withAdmin(deploymentRole(MANAGEMENT, HOME)),
    action: 'kms:Decrypt',
    resource: logKey,
    context: trailContext(trailArn),
    expect: 'Allowed',
  },
  {
    name: 'the management deployment role cannot decrypt without a CloudTrail encryption context',
    who: withAdmin(deploymentRole(MANAGEMENT, HOME)),
    action: 'kms:Decrypt',
    resource: logKey,
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'another management-account role cannot decrypt trail logs',
    who: admin(MANAGEMENT),
    action: 'kms:Decrypt',
    resource: logKey,
    context: trailContext(trailArn),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'AWS Config of this organization encrypts deliveries with the log key',
    who: config_,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: { 'aws:SourceOrgID': config.organization.id, 'aws:SourceAccount': MEMBER },
    expect: 'Allowed',
  },
  {
    name: 'AWS Config of another organization cannot use the log key',
    who: config_,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: { 'aws:SourceOrgID': 'o-otherorg999', 'aws:SourceAccount': OUTSIDER },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
  {
    name: 'S3 server access logging of another account cannot use the log key',
    who: s3Logging,
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: { 'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
  {
    name: 'S3 server access logging cannot decrypt with the log key',
    who: s3Logging,
    action: 'kms:Decrypt',
    resource: logKey,
    context: { 'aws:SourceAccount': OUTSIDER },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
  {
    name: 'the investigator decrypts log files through S3',
    who: access.deployedRole(investigatorRole),
    action: 'kms:Decrypt',
    resource: logKey,
    context: viaS3,
    expect: 'Allowed',
  },
  {
    name: 'the investigator cannot decrypt with the log key outside S3',
    who: access.deployedRole(investigatorRole),
    action: 'kms:Decrypt',
    resource: logKey,
    expect: 'ImplicitlyDenied',
  },
  {
    name: "a log-archive administrator cannot schedule the log key's deletion",
    who: admin(LOG_ARCHIVE),
    action: 'kms:ScheduleKeyDeletion',
    resource: logKey,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingLogKeys',
  },
  {
    name: 'a log-archive administrator cannot rewrite the log key policy',
    who: admin(LOG_ARCHIVE),
    action: 'kms:PutKeyPolicy',
    resource: logKey,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingLogKeys',
  },
  {
    name: 'the log-archive deployment role updates the log key policy',
    who: withAdmin(deploymentRole(LOG_ARCHIVE, HOME)),
    action: 'kms:PutKeyPolicy',
    resource: logKey,
    expect: 'Allowed',
  },
  {
    name: 'a log-archive administrator cannot schedule the deletion of the GuardDuty findings key',
    who: admin(LOG_ARCHIVE),
    action: 'kms:ScheduleKeyDeletion',
    resource: lz.keyArn(naming.guardDutyFindingsKeyAlias, LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingLogKeys',
  },
  {
    name: "a log-archive administrator cannot move the log key's alias",
    who: admin(LOG_ARCHIVE),
    action: 'kms:UpdateAlias',
    resource: `arn:aws:kms:${HOME}:${LOG_ARCHIVE}:${naming.logKeyAlias}`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyMovingLogKeyAliases',
  },
];

const deliveryCases: AccessCase[] = [
  {
    name: "AWS Config delivers this organization's configuration history",
    who: config_,
    action: 's3:PutObject',
    resource: `${configBucket}/AWSLogs/${MEMBER}/Config/${HOME}/2026/12/1/ConfigHistory/x.json.gz`,
    context: { 'aws:SourceOrgID': config.organization.id, 'aws:SourceAccount': MEMBER, ...ownerFullControl },
    expect: 'Allowed',
  },
  {
    name: 'AWS Config of another organization cannot deliver into the config bucket',
    who: config_,
    action: 's3:PutObject',
    resource: `${configBucket}/AWSLogs/${OUTSIDER}/Config/${HOME}/2026/12/1/ConfigHistory/x.json.gz`,
    context: { 'aws:SourceOrgID': 'o-otherorg999', 'aws:SourceAccount': OUTSIDER, ...ownerFullControl },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
  {
    name: "S3 server access logging delivers the trail bucket's access logs",
    who: s3Logging,
    action: 's3:PutObject',
    resource: `${accessLogBucket}/${naming.trailBucketName}/2026-12-01-00-00-00-ABCDEF`,
    context: { 'aws:SourceAccount': LOG_ARCHIVE, 'aws:SourceArn': trailBucket },
    expect: 'Allowed',
  },
  {
    name: "S3 server access logging cannot deliver another account's logs into the access-log bucket",
    who: s3Logging,
    action: 's3:PutObject',
    resource: `${accessLogBucket}/${naming.trailBucketName}/2026-12-01-00-00-00-ABCDEF`,
    context: { 'aws:SourceAccount': OUTSIDER, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' },
    // The data perimeter's RCP denies it outright; without the RCP, nothing grants it.
    expect: 'ExplicitlyDenied',
    deniedBy: 'rcp:EnforceConfusedDeputyProtection',
  },
];

/** Every guardrail, tried by a member account's administrator and by its root user. */
const forwardingRule = `arn:aws:events:${HOME}:${MEMBER}:rule/${prefix}-forward-trail-tampering`;
const guardrailDenials: { what: string; action: string; resource: string; sid: string; account?: string }[] = [
  {
    what: 'stop the organization trail',
    action: 'cloudtrail:StopLogging',
    resource: trailArn,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: "change the organization trail's event selectors",
    action: 'cloudtrail:PutEventSelectors',
    resource: trailArn,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: 'delete the event data store',
    action: 'cloudtrail:DeleteEventDataStore',
    resource: `arn:aws:cloudtrail:${HOME}:${MANAGEMENT}:eventdatastore/0123abcd-0123-0123-0123-0123456789ab`,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: 'create a trail of its own',
    action: 'cloudtrail:CreateTrail',
    resource: `arn:aws:cloudtrail:${HOME}:${MEMBER}:trail/own-trail`,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: 'create an event data store of its own',
    action: 'cloudtrail:CreateEventDataStore',
    resource: `arn:aws:cloudtrail:${HOME}:${MEMBER}:eventdatastore/0123abcd-0123-0123-0123-0123456789ab`,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: "change a trail's Insights selectors",
    action: 'cloudtrail:PutInsightSelectors',
    resource: `arn:aws:cloudtrail:${HOME}:${MEMBER}:trail/own-trail`,
    sid: 'DenyCloudTrailAdministration',
  },
  {
    what: 're-trust the own-logs reader role',
    action: 'iam:UpdateAssumeRolePolicy',
    resource: ownLogsReader(MEMBER),
    sid: 'DenyChangingOwnLogsReader',
  },
  {
    what: 'put an inline policy on the own-logs reader role',
    action: 'iam:PutRolePolicy',
    resource: ownLogsReader(MEMBER),
    sid: 'DenyChangingOwnLogsReader',
  },
  {
    what: 'attach a managed policy to the own-logs reader role',
    action: 'iam:AttachRolePolicy',
    resource: ownLogsReader(MEMBER),
    sid: 'DenyChangingOwnLogsReader',
  },
  {
    what: 'delete the own-logs reader role',
    action: 'iam:DeleteRole',
    resource: ownLogsReader(MEMBER),
    sid: 'DenyChangingOwnLogsReader',
  },
  {
    what: 'delete the trail bucket',
    action: 's3:DeleteBucket',
    resource: trailBucket,
    sid: 'DenyDeletingLogBucketsOrPolicies',
    account: LOG_ARCHIVE,
  },
  {
    what: 'delete its GuardDuty detector',
    action: 'guardduty:DeleteDetector',
    resource: `arn:aws:guardduty:${HOME}:${MEMBER}:detector/12abc34d567e8fa901bc2d34e56789f0`,
    sid: 'DenyDisablingGuardDuty',
  },
  {
    what: 'leave the GuardDuty administrator',
    action: 'guardduty:DisassociateFromAdministratorAccount',
    resource: '*',
    sid: 'DenyDisablingGuardDuty',
  },
  {
    what: 'disable Security Hub',
    action: 'securityhub:DisableSecurityHub',
    resource: `arn:aws:securityhub:${HOME}:${MEMBER}:hub/default`,
    sid: 'DenyDisablingSecurityHub',
  },
  {
    what: 'stop AWS Config recording',
    action: 'config:StopConfigurationRecorder',
    resource: `arn:aws:config:${HOME}:${MEMBER}:configuration-recorder/default/abc`,
    sid: 'DenyChangingConfigRecording',
  },
  {
    what: "delete AWS Config's delivery channel",
    action: 'config:DeleteDeliveryChannel',
    resource: '*',
    sid: 'DenyChangingConfigRecording',
  },
  {
    what: 'delete the organization Access Analyzer',
    action: 'access-analyzer:DeleteAnalyzer',
    resource: `arn:aws:access-analyzer:${HOME}:${MEMBER}:analyzer/x`,
    sid: 'DenyDisablingAccessAnalyzer',
  },
  {
    what: 'disable an alert-forwarding rule',
    action: 'events:DisableRule',
    resource: forwardingRule,
    sid: 'DenySilencingAlertForwarding',
  },
  {
    what: 're-trust the alert forwarder role',
    action: 'iam:UpdateAssumeRolePolicy',
    resource: forwarderRole,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: 'put a permissions boundary on the alert forwarder role',
    action: 'iam:PutRolePermissionsBoundary',
    resource: forwarderRole,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: "delete the alert forwarder role's permissions boundary",
    action: 'iam:DeleteRolePermissionsBoundary',
    resource: forwarderRole,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: "replace the alert forwarder's policy with a new version",
    action: 'iam:CreatePolicyVersion',
    resource: forwarderPolicy,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: "make another version of the alert forwarder's policy the default",
    action: 'iam:SetDefaultPolicyVersion',
    resource: forwarderPolicy,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: 'detach AWS_ConfigRole from the Config recorder role',
    action: 'iam:DetachRolePolicy',
    resource: recorderRole,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: 'delete the Config recorder role',
    action: 'iam:DeleteRole',
    resource: recorderRole,
    sid: 'DenyChangingForwarderAndRecorderRoles',
  },
  {
    what: 'leave the organization',
    action: 'organizations:LeaveOrganization',
    resource: '*',
    sid: 'DenyLeavingOrganization',
  },
];
const scpCases: AccessCase[] = guardrailDenials.flatMap(({ what, action, resource, sid, account = MEMBER }) => [
  {
    name: `a member administrator cannot ${what}`,
    who: admin(account),
    action,
    resource,
    resourceAccount: account,
    expect: 'ExplicitlyDenied' as const,
    deniedBy: `scp:${sid}`,
  },
  {
    name: `a member root user cannot ${what}`,
    who: access.root(account, { mfa: true }),
    action,
    resource,
    resourceAccount: account,
    expect: 'ExplicitlyDenied' as const,
  },
]);
scpCases.push({
  name: 'SCPs never bind the management account: its administrator can stop the trail (guard it with IAM)',
  who: admin(MANAGEMENT),
  action: 'cloudtrail:StopLogging',
  resource: trailArn,
  expect: 'Allowed',
});

const exemptCases: AccessCase[] = [
  {
    name: 'the StackSets execution role records AWS Config in a member account',
    who: withAdmin(stackSetExecution(MEMBER)),
    action: 'config:PutConfigurationRecorder',
    resource: recorder(MEMBER),
    resourceAccount: MEMBER,
    expect: 'Allowed',
  },
  {
    name: 'the StackSets execution role deploys the alert forwarder role',
    who: withAdmin(stackSetExecution(MEMBER)),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: forwarderRole,
    expect: 'Allowed',
  },
  {
    name: 'the StackSets execution role updates the forwarding rules',
    who: withAdmin(stackSetExecution(MEMBER)),
    action: 'events:PutRule',
    resource: forwardingRule,
    expect: 'Allowed',
  },
  {
    // Its own policy grants this action on detector/* only, which the action does not support (reported).
    name: "the home region's GuardDuty handler role is exempt from the guardrail on organization auto-enable",
    who: withAdmin(guardDutyHandler(HOME)),
    action: 'guardduty:UpdateOrganizationConfiguration',
    resource: '*',
    resourceAccount: AUDIT,
    expect: 'Allowed',
  },
  {
    name: "another governed region's GuardDuty handler updates its detector",
    who: access.deployedRole(guardDutyHandler(OTHER_REGION)),
    action: 'guardduty:UpdateDetector',
    resource: `arn:aws:guardduty:${OTHER_REGION}:${AUDIT}:detector/12abc34d567e8fa901bc2d34e56789f0`,
    expect: 'Allowed',
  },
  {
    name: "the GuardDuty StackSet's execution role updates the findings export",
    who: access.deployedRole(guardDutyExecution),
    action: 'guardduty:UpdatePublishingDestination',
    resource: `arn:aws:guardduty:${HOME}:${AUDIT}:detector/12abc34d567e8fa901bc2d34e56789f0/publishingDestination/ab12`,
    expect: 'Allowed',
  },
  {
    name: "the audit deployment role changes Security Hub's organization configuration",
    who: withAdmin(deploymentRole(AUDIT, HOME)),
    action: 'securityhub:UpdateOrganizationConfiguration',
    resource: `arn:aws:securityhub:${HOME}:${AUDIT}:hub/default`,
    expect: 'Allowed',
  },
  {
    name: "the audit-regions StackSet's execution role deletes another governed region's organization analyzer",
    who: access.deployedRole(auditRegionsExecution),
    action: 'access-analyzer:DeleteAnalyzer',
    resource: otherRegionAnalyzer,
    expect: 'Allowed',
  },
  {
    name: "an audit administrator cannot delete another governed region's organization analyzer",
    who: admin(AUDIT),
    action: 'access-analyzer:DeleteAnalyzer',
    resource: otherRegionAnalyzer,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingAccessAnalyzer',
  },
  {
    name: "an audit administrator cannot create a role named as the audit-regions StackSet's execution role",
    who: admin(AUDIT),
    action: 'iam:CreateRole',
    resource: auditRegionsExecution,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingAuditRoles',
  },
  {
    name: "an audit administrator cannot pass the audit-regions StackSet's administration role to CloudFormation",
    who: admin(AUDIT),
    action: 'iam:PassRole',
    resource: role(AUDIT, `${prefix}-audit-regions-stackset-admin`),
    context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyPassingExemptRoles',
  },
  {
    name: 'the audit deployment role updates the Access Analyzer archive rules',
    who: withAdmin(deploymentRole(AUDIT, HOME)),
    action: 'access-analyzer:UpdateArchiveRule',
    resource: `arn:aws:access-analyzer:${HOME}:${AUDIT}:analyzer/${prefix}-organization/archive-rule/x`,
    expect: 'Allowed',
  },
  {
    name: 'a GuardDuty handler role of one region is not exempt in another account',
    who: withAdmin(role(MEMBER, `${prefix}-guardduty-detector-${HOME}`)),
    action: 'guardduty:DeleteDetector',
    resource: `arn:aws:guardduty:${HOME}:${MEMBER}:detector/12abc34d567e8fa901bc2d34e56789f0`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingGuardDuty',
  },
  {
    name: "the StackSets role's exemption is for recorders and forwarders only: it cannot delete the config bucket's policy",
    who: withAdmin(stackSetExecution(LOG_ARCHIVE)),
    action: 's3:DeleteBucketPolicy',
    resource: configBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDeletingLogBucketsOrPolicies',
  },
  {
    name: "a GuardDuty handler role's exemption is for GuardDuty only: it cannot schedule the log key's deletion",
    who: withAdmin(role(AUDIT, `${prefix}-guardduty-detector-${HOME}`)),
    action: 'kms:ScheduleKeyDeletion',
    resource: logKey,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingLogKeys',
  },
  {
    name: 'the bootstrap role, though it may change the CDK roles, cannot change the trail bucket policy',
    who: withAdmin(bootstrapRole(LOG_ARCHIVE), { mfa: true }),
    action: 's3:PutBucketPolicy',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDeletingLogBucketsOrPolicies',
  },
  {
    name: 'without Control Tower in the config, its execution role may not change Config recording',
    who: withAdmin(controlTowerExecution(MEMBER)),
    action: 'config:PutConfigurationRecorder',
    resource: recorder(MEMBER),
    resourceAccount: MEMBER,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingConfigRecording',
  },
];

const impersonationCases: AccessCase[] = [
  // The StackSets execution role: AWS names it stacksets-exec-<suffix>; only StackSets' service-linked role creates it.
  {
    name: 'a log-archive administrator cannot create a role named like the StackSets execution role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:CreateRole',
    resource: role(LOG_ARCHIVE, 'stacksets-exec-attacker'),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a member administrator cannot re-trust the StackSets execution role',
    who: admin(MEMBER),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: stackSetExecution(MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a member administrator cannot attach a policy to the StackSets execution role',
    who: admin(MEMBER),
    action: 'iam:AttachRolePolicy',
    resource: stackSetExecution(MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  // The CDK deployment roles of log-archive and audit, and the path that reaches them.
  {
    name: "a log-archive administrator cannot create a role named like another region's deployment role",
    who: admin(LOG_ARCHIVE),
    action: 'iam:CreateRole',
    resource: deploymentRole(LOG_ARCHIVE, 'us-east-1'),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a log-archive administrator cannot re-trust the deployment role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'an audit administrator cannot put an inline policy on the deployment role',
    who: admin(AUDIT),
    action: 'iam:PutRolePolicy',
    resource: deploymentRole(AUDIT, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a log-archive administrator cannot tag the deployment role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:TagRole',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: "a log-archive administrator cannot change the deployment role's permissions boundary",
    who: admin(LOG_ARCHIVE),
    action: 'iam:PutRolePermissionsBoundary',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a log-archive administrator cannot delete the deployment role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:DeleteRole',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a log-archive administrator cannot re-trust the CDK deploy role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: deployRole(LOG_ARCHIVE, HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  {
    name: 'a log-archive administrator cannot pass the deployment role to CloudFormation',
    who: admin(LOG_ARCHIVE),
    action: 'iam:PassRole',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyPassingExemptRoles',
  },
  {
    name: 'a log-archive administrator cannot assume the CDK deploy role, which passes the deployment role',
    who: admin(LOG_ARCHIVE),
    action: 'sts:AssumeRole',
    resource: deployRole(LOG_ARCHIVE, HOME),
    resourcePolicy: bootstrapTrust(LOG_ARCHIVE, MANAGEMENT),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyAssumingDeployRoles',
  },
  {
    name: 'a log-archive administrator cannot update the LogArchive stack, which would run as its deployment role',
    who: admin(LOG_ARCHIVE),
    action: 'cloudformation:UpdateStack',
    resource: `arn:aws:cloudformation:${HOME}:${LOG_ARCHIVE}:stack/LogArchive/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingLandingZoneStacks',
  },
  {
    name: 'an audit administrator cannot execute a change set on the Alerting stack',
    who: admin(AUDIT),
    action: 'cloudformation:ExecuteChangeSet',
    resource: `arn:aws:cloudformation:${HOME}:${AUDIT}:stack/Alerting/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingLandingZoneStacks',
  },
  {
    name: "a member administrator cannot update a StackSet's stack instance, which would run as the StackSets role",
    who: admin(MEMBER),
    action: 'cloudformation:UpdateStack',
    resource: `arn:aws:cloudformation:${HOME}:${MEMBER}:stack/StackSet-${prefix}-config-recorders-0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingLandingZoneStacks',
  },
  {
    name: 'the management account, which SCPs never bind, assumes the CDK deploy role to deploy',
    who: admin(MANAGEMENT),
    action: 'sts:AssumeRole',
    resource: deployRole(LOG_ARCHIVE, HOME),
    resourcePolicy: bootstrapTrust(LOG_ARCHIVE, MANAGEMENT),
    expect: 'Allowed',
  },
  {
    name: 'a role of another member account that the config does not name cannot assume the CDK deploy role',
    who: admin(MEMBER),
    action: 'sts:AssumeRole',
    resource: deployRole(AUDIT, HOME),
    resourcePolicy: bootstrapTrust(AUDIT, MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyAssumingDeployRoles',
  },
  {
    name: 'the CDK deploy role passes the deployment role to CloudFormation',
    who: withAdmin(deployRole(LOG_ARCHIVE, HOME)),
    action: 'iam:PassRole',
    resource: deploymentRole(LOG_ARCHIVE, HOME),
    context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    expect: 'Allowed',
  },
  {
    name: 'the CDK deploy role deploys the LogArchive stack',
    who: withAdmin(deployRole(LOG_ARCHIVE, HOME)),
    action: 'cloudformation:ExecuteChangeSet',
    resource: `arn:aws:cloudformation:${HOME}:${LOG_ARCHIVE}:stack/LogArchive/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'Allowed',
  },
  {
    name: 'the bootstrap role (assumed from the management account) updates the CDK roles with cdk bootstrap',
    who: withAdmin(bootstrapRole(LOG_ARCHIVE)),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: deployRole(LOG_ARCHIVE, HOME),
    expect: 'Allowed',
  },
  {
    name: 'the bootstrap role updates the CDKToolkit stack',
    who: withAdmin(bootstrapRole(AUDIT)),
    action: 'cloudformation:UpdateStack',
    resource: `arn:aws:cloudformation:${HOME}:${AUDIT}:stack/CDKToolkit/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'Allowed',
  },
  {
    name: 'a log-archive administrator cannot re-trust the bootstrap role',
    who: admin(LOG_ARCHIVE),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: bootstrapRole(LOG_ARCHIVE),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingDeploymentRoles',
  },
  // The GuardDuty roles and handler of the audit account.
  {
    name: 'an audit administrator cannot create a role in the GuardDuty roles’ name space',
    who: admin(AUDIT),
    action: 'iam:CreateRole',
    resource: role(AUDIT, `${prefix}-guardduty-attacker`),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingAuditRoles',
  },
  {
    name: 'an audit administrator cannot re-trust the GuardDuty handler role',
    who: admin(AUDIT),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: guardDutyHandler(HOME),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingAuditRoles',
  },
  {
    name: "an audit administrator cannot make a new version of the investigator's managed policy",
    who: admin(AUDIT),
    action: 'iam:CreatePolicyVersion',
    resource: investigatorPolicy,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingAuditRoles',
  },
  {
    name: 'an audit administrator cannot pass the GuardDuty handler role to a Lambda function of its own',
    who: admin(AUDIT),
    action: 'iam:PassRole',
    resource: guardDutyHandler(HOME),
    context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyPassingExemptRoles',
  },
  {
    name: "an audit administrator cannot replace the GuardDuty handler's code",
    who: admin(AUDIT),
    action: 'lambda:UpdateFunctionCode',
    resource: `arn:aws:lambda:${HOME}:${AUDIT}:function:${prefix}-guardduty-detector`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDrivingGuardDutyHandler',
  },
  {
    name: 'an audit administrator cannot invoke the GuardDuty handler with an event of its own',
    who: admin(AUDIT),
    action: 'lambda:InvokeFunction',
    resource: `arn:aws:lambda:${OTHER_REGION}:${AUDIT}:function:${prefix}-guardduty-detector`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDrivingGuardDutyHandler',
  },
  {
    name: "the GuardDuty StackSet's execution role invokes the handler (CloudFormation's custom resource)",
    who: access.deployedRole(guardDutyExecution),
    action: 'lambda:InvokeFunction',
    resource: `arn:aws:lambda:${HOME}:${AUDIT}:function:${prefix}-guardduty-detector`,
    expect: 'Allowed',
  },
  {
    name: 'an audit administrator cannot update the GuardDuty StackSet',
    who: admin(AUDIT),
    action: 'cloudformation:UpdateStackSet',
    resource: `arn:aws:cloudformation:${HOME}:${AUDIT}:stackset/${prefix}-guardduty:0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingStackSets',
  },
  {
    name: 'an audit administrator cannot create a StackSet of its own, which would run as every account’s StackSets role',
    who: admin(AUDIT),
    action: 'cloudformation:CreateStackSet',
    resource: '*',
    resourceAccount: AUDIT,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingStackSets',
  },
  {
    name: "the audit deployment role updates the landing zone's StackSets",
    who: withAdmin(deploymentRole(AUDIT, HOME)),
    action: 'cloudformation:UpdateStackSet',
    resource: `arn:aws:cloudformation:${HOME}:${AUDIT}:stackset/${prefix}-config-recorders:0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
    expect: 'Allowed',
  },
];

const lakeCases: AccessCase[] = [
  ...(
    [
      [
        'delete the data lake',
        'securitylake:DeleteDataLake',
        `arn:aws:securitylake:${OTHER_REGION}:${LOG_ARCHIVE}:data-lake/default`,
      ],
      [
        'remove a log source',
        'securitylake:DeleteAwsLogSource',
        `arn:aws:securitylake:${OTHER_REGION}:${LOG_ARCHIVE}:data-lake/default`,
      ],
      [
        "delete the audit account's subscriber",
        'securitylake:DeleteSubscriber',
        `arn:aws:securitylake:${HOME}:${LOG_ARCHIVE}:subscriber/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
      ],
      ['add a subscriber of its own', 'securitylake:CreateSubscriber', '*'],
    ] as const
  ).map(([what, action, resource]): AccessCase => ({
    name: `a log-archive administrator cannot ${what} of Security Lake`,
    who: admin(LOG_ARCHIVE),
    action,
    resource,
    resourceAccount: LOG_ARCHIVE,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingSecurityLake',
  })),
  {
    name: "a log-archive administrator cannot change Lake Formation's administrators",
    who: admin(LOG_ARCHIVE),
    action: 'lakeformation:PutDataLakeSettings',
    resource: '*',
    resourceAccount: LOG_ARCHIVE,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingSecurityLake',
  },
  {
    name: "the deployment role of a Security Lake region sets Lake Formation's administrators",
    who: withAdmin(deploymentRole(LOG_ARCHIVE, OTHER_REGION)),
    action: 'lakeformation:PutDataLakeSettings',
    resource: '*',
    resourceAccount: LOG_ARCHIVE,
    expect: 'Allowed',
  },
  {
    name: "a log-archive administrator cannot schedule a Security Lake key's deletion",
    who: admin(LOG_ARCHIVE),
    action: 'kms:ScheduleKeyDeletion',
    resource: lakeKey,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyDisablingLogKeys',
  },
];

const alertChannel = `arn:aws:chatbot::${AUDIT}:chat-configuration/slack-channel/${prefix}-security`;
const alertCases: AccessCase[] = [
  {
    name: "a member account's forwarder role puts events on the alert bus",
    who: access.deployedRole(forwarderRole),
    action: 'events:PutEvents',
    resource: alertBus,
    expect: 'Allowed',
  },
  {
    name: 'a member administrator cannot put forged events on the alert bus',
    who: admin(MEMBER),
    action: 'events:PutEvents',
    resource: alertBus,
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'an administrator of another organization cannot put events on the alert bus',
    who: outsider,
    action: 'events:PutEvents',
    resource: alertBus,
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'within audit itself, an administrator can publish a forged alert (see docs/guardrails.md)',
    who: admin(AUDIT),
    action: 'sns:Publish',
    resource: alertTopic,
    expect: 'Allowed',
  },
  {
    name: 'a member administrator cannot publish to an alert topic',
    who: admin(MEMBER),
    action: 'sns:Publish',
    resource: alertTopic,
    expect: 'ImplicitlyDenied',
  },
  ...(
    [
      ['delete the alert bus', 'events:DeleteEventBus', alertBus],
      ["widen the alert bus's policy", 'events:PutPermission', '*'],
      [
        'disable an alert rule',
        'events:DisableRule',
        `arn:aws:events:${HOME}:${AUDIT}:rule/${prefix}-security-alerts/x`,
      ],
      ['delete an alert topic', 'sns:DeleteTopic', alertTopic],
      ["rewrite an alert topic's policy", 'sns:SetTopicAttributes', alertTopic],
      ["schedule the alert key's deletion", 'kms:ScheduleKeyDeletion', alertKey],
      ['delete the security channel configuration', 'chatbot:DeleteSlackChannelConfiguration', alertChannel],
      ['re-trust the investigator role', 'iam:UpdateAssumeRolePolicy', investigatorRole],
    ] as const
  ).map(([what, action, resource]): AccessCase => ({
    name: `an audit administrator cannot ${what}`,
    who: admin(AUDIT),
    action,
    resource,
    resourceAccount: AUDIT,
    expect: 'ExplicitlyDenied',
  })),
  {
    name: 'the audit deployment role updates the security channel configuration',
    who: withAdmin(deploymentRole(AUDIT, HOME)),
    action: 'chatbot:UpdateSlackChannelConfiguration',
    resource: alertChannel,
    expect: 'Allowed',
  },
];

/*
 * A second organization, as a Control Tower customer with the trail bucket in vault mode and a CI account
 * that deploys: its own synthesis, for the guardrails and bucket policy those settings change.
 */
const CI_DEPLOYER = role('555555555555', 'ci-deployer');
const variantConfig = configWith((raw) => {
  raw.logArchive.trailBucket = { mfaDelete: 'vault', objectLock: { mode: 'COMPLIANCE', days: 3650 } };
  raw.logArchive.ownLogs = { athena: true };
  raw.audit.controlTower = { configRecording: true };
  raw.deployment = { ...raw.deployment, deployerRoleArns: [CI_DEPLOYER] };
  // Without the RCP, so that the own-logs cases below show what the bucket and key policies alone deny.
  raw.baseline.dataPerimeter = { enabled: false };
});
const variantLz = DeployedLandingZone.fromAssembly(landingZoneAssembly(variantConfig)).withStackSetInstance(
  `${prefix}-own-logs`,
  MEMBER,
  HOME,
);
const variant = new AccessModel(variantLz, access.org);
const logArchiveRoot = (options: { mfa?: boolean; accessKeys?: boolean }) => variant.root(LOG_ARCHIVE, options);
const variantCases: AccessCase[] = [
  {
    name: "with Control Tower recording AWS Config, its execution role updates a member's recorder",
    who: withAdmin(controlTowerExecution(MEMBER)),
    action: 'config:PutConfigurationRecorder',
    resource: recorder(MEMBER),
    expect: 'Allowed',
  },
  {
    name: "with Control Tower, its execution role may delete an account-level trail of Control Tower's older landing zones",
    who: withAdmin(controlTowerExecution(MEMBER)),
    action: 'cloudtrail:DeleteTrail',
    resource: `arn:aws:cloudtrail:${HOME}:${MEMBER}:trail/aws-controltower-BaselineCloudTrail`,
    expect: 'Allowed',
  },
  {
    name: 'with Control Tower, a member administrator still cannot administer CloudTrail',
    who: admin(MEMBER),
    action: 'cloudtrail:DeleteTrail',
    resource: `arn:aws:cloudtrail:${HOME}:${MEMBER}:trail/aws-controltower-BaselineCloudTrail`,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyCloudTrailAdministration',
  },
  {
    name: 'with Control Tower, a member administrator still cannot stop Config recording',
    who: admin(MEMBER),
    action: 'config:StopConfigurationRecorder',
    resource: recorder(MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingConfigRecording',
  },
  {
    name: 'a configured CI deployer of another member account assumes the CDK deploy role',
    who: withAdmin(CI_DEPLOYER),
    action: 'sts:AssumeRole',
    resource: deployRole(LOG_ARCHIVE, HOME),
    resourcePolicy: bootstrapTrust(LOG_ARCHIVE, '555555555555'),
    expect: 'Allowed',
  },
  {
    name: 'vault mode: the log-archive root user, in a session from GetSessionToken with MFA, turns on MFA delete',
    who: logArchiveRoot({ mfa: true }),
    action: 's3:PutBucketVersioning',
    resource: trailBucket,
    expect: 'Allowed',
  },
  {
    name: 'vault mode: the log-archive root user gets that MFA session',
    who: logArchiveRoot({ accessKeys: true }),
    action: 'sts:GetSessionToken',
    resource: '*',
    resourceAccount: LOG_ARCHIVE,
    expect: 'Allowed',
  },
  {
    name: 'vault mode: the log-archive root user, signed in with MFA, creates the access key the step needs',
    who: logArchiveRoot({ mfa: true }),
    action: 'iam:CreateAccessKey',
    resource: `arn:aws:iam::${LOG_ARCHIVE}:user/root`,
    expect: 'Allowed',
  },
  {
    name: 'vault mode, centralized root access: a privileged root session restores the root password',
    who: logArchiveRoot({}),
    action: 'iam:CreateLoginProfile',
    resource: `arn:aws:iam::${LOG_ARCHIVE}:user/root`,
    expect: 'Allowed',
  },
  {
    name: 'vault mode, centralized root access: a privileged root session deletes the root credentials afterwards',
    who: logArchiveRoot({}),
    action: 'iam:DeleteSigningCertificate',
    resource: `arn:aws:iam::${LOG_ARCHIVE}:user/root`,
    expect: 'Allowed',
  },
  {
    name: 'vault mode: with long-term access keys alone (no MFA in the request context) the bucket policy refuses the step',
    who: logArchiveRoot({ accessKeys: true }),
    action: 's3:PutBucketVersioning',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyWeakeningProtectionWithoutMfa',
  },
  {
    name: 'vault mode: the log-archive root user cannot change the trail bucket policy',
    who: logArchiveRoot({ mfa: true }),
    action: 's3:PutBucketPolicy',
    resource: trailBucket,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyLogArchiveRootUserExceptMfaDelete',
  },
  {
    name: 'vault mode: the log-archive root user cannot delete a log version',
    who: logArchiveRoot({ mfa: true }),
    action: 's3:DeleteObjectVersion',
    resource: memberTrailLog,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyLogArchiveRootUserExceptMfaDelete',
  },
  {
    name: "vault mode: another member's root user still cannot act",
    who: variant.root(MEMBER, { mfa: true }),
    action: 's3:PutBucketVersioning',
    resource: `arn:aws:s3:::some-bucket-of-${MEMBER}`,
    resourceAccount: MEMBER,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyMemberRootUser',
  },
];

/*
 * Every account reads its own logs, and only its own: the reader role of MEMBER (its StackSet instance), the
 * trail bucket's and log key's statements for it, and the guardrails around it. See docs/own-logs.md.
 */
const orgLogs = (account: string) => `AWSLogs/${config.organization.id}/${account}/`;
const ownLog = (account: string) => `${trailBucket}/${orgLogs(account)}CloudTrail/${HOME}/2026/12/01/log.json.gz`;
const ownDigest = (account: string) =>
  `${trailBucket}/${orgLogs(account)}CloudTrail-Digest/${HOME}/2026/12/01/${account}_CloudTrail-Digest_${HOME}_${naming.trailName}_${HOME}_20261201T000000Z.json.gz`;
const listing = (prefixListed: string) => ({ 's3:prefix': prefixListed });
const reader = access.deployedRole(ownLogsReader(MEMBER));
// The reader as it would be with a wider policy of its own: what the trail bucket and log key alone allow.
const wideReader = withAdmin(ownLogsReader(MEMBER));
const otherOrgReader = access.role(ownLogsReader(OUTSIDER), [{ name: 'AdministratorAccess', policy: ALLOW_ALL }], {
  orgId: 'o-otherorg999',
});
const ownLogsCases: AccessCase[] = [
  {
    name: "a member administrator assumes its account's own-logs reader",
    who: admin(MEMBER),
    action: 'sts:AssumeRole',
    resource: ownLogsReader(MEMBER),
    expect: 'Allowed',
  },
  {
    name: "a neighbour account's administrator cannot assume the member's own-logs reader",
    who: admin(NEIGHBOUR),
    action: 'sts:AssumeRole',
    resource: ownLogsReader(MEMBER),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'the reader lists its own prefix',
    who: reader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(`${orgLogs(MEMBER)}CloudTrail/${HOME}/2026/12/01/`),
    expect: 'Allowed',
  },
  {
    name: "the reader lists its own digest files' prefix",
    who: reader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(`${orgLogs(MEMBER)}CloudTrail-Digest/`),
    expect: 'Allowed',
  },
  {
    name: 'the reader cannot list the whole bucket',
    who: reader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(`AWSLogs/${config.organization.id}/`),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "the reader cannot list a neighbour's prefix",
    who: reader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(orgLogs(NEIGHBOUR)),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "even with a wider policy of its own the reader cannot list a neighbour's prefix (the bucket policy)",
    who: wideReader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(orgLogs(NEIGHBOUR)),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'the reader reads a log file of its own account',
    who: reader,
    action: 's3:GetObject',
    resource: ownLog(MEMBER),
    expect: 'Allowed',
  },
  {
    name: 'the reader reads a digest file of its own account',
    who: reader,
    action: 's3:GetObject',
    resource: ownDigest(MEMBER),
    expect: 'Allowed',
  },
  {
    name: "the reader cannot read a neighbour's log file",
    who: reader,
    action: 's3:GetObject',
    resource: ownLog(NEIGHBOUR),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "even with a wider policy of its own the reader cannot read a neighbour's log file (the bucket policy)",
    who: wideReader,
    action: 's3:GetObject',
    resource: ownLog(NEIGHBOUR),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "the reader cannot read the management account's own prefix",
    who: wideReader,
    action: 's3:GetObject',
    resource: trailLog(MANAGEMENT),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'a member administrator who is not the reader cannot read its own log files',
    who: admin(MEMBER),
    action: 's3:GetObject',
    resource: ownLog(MEMBER),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "another organization's role with the reader's name cannot read the logs",
    who: otherOrgReader,
    action: 's3:GetObject',
    resource: ownLog(OUTSIDER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyPrincipalsOutsideOrganization',
  },
  {
    name: "another organization's role with the reader's name cannot decrypt with the log key",
    who: otherOrgReader,
    action: 'kms:Decrypt',
    resource: logKey,
    context: { ...viaS3, ...trailContext(trailArn) },
    // The data perimeter's RCP (EnforceOrgIdentities) denies it outright; without the RCP the key policy
    // admits it to no one outside the organization (the variant below).
    expect: 'ExplicitlyDenied',
  },
  {
    name: 'the reader decrypts trail files through S3',
    who: reader,
    action: 'kms:Decrypt',
    resource: logKey,
    context: { ...viaS3, ...trailContext(trailArn) },
    expect: 'Allowed',
  },
  {
    name: 'the reader cannot decrypt with the log key outside S3',
    who: wideReader,
    action: 'kms:Decrypt',
    resource: logKey,
    context: trailContext(trailArn),
    expect: 'ImplicitlyDenied',
  },
  {
    name: 'the reader cannot decrypt what the log key encrypts for AWS Config (no trail encryption context)',
    who: wideReader,
    action: 'kms:Decrypt',
    resource: logKey,
    context: { ...viaS3, 'kms:EncryptionContext:aws:s3:arn': configBucket },
    expect: 'ImplicitlyDenied',
  },
  ...(
    [
      ['write a log file into its own prefix', 's3:PutObject', ownLog(MEMBER)],
      ['overwrite its own digest file', 's3:PutObject', ownDigest(MEMBER)],
      ['change an ACL of its own log file', 's3:PutObjectAcl', ownLog(MEMBER)],
      ['tag its own log file', 's3:PutObjectTagging', ownLog(MEMBER)],
      ['restore its own log file from Glacier (the log archive pays)', 's3:RestoreObject', ownLog(MEMBER)],
      ['read an older version of its own log file', 's3:GetObjectVersion', ownLog(MEMBER)],
    ] as const
  ).map(([what, action, resource]): AccessCase => ({
    name: `the reader cannot ${what}`,
    who: reader,
    action,
    resource,
    expect: 'ImplicitlyDenied',
  })),
  {
    name: 'the reader cannot delete its own log file',
    who: reader,
    action: 's3:DeleteObject',
    resource: ownLog(MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'the reader cannot delete its own digest file, even with a wider policy of its own',
    who: wideReader,
    action: 's3:DeleteObjectVersion',
    resource: ownDigest(MEMBER),
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyDeletingLogsWithoutMfa',
  },
  {
    name: 'the reader cannot stop the organization trail',
    who: reader,
    action: 'cloudtrail:StopLogging',
    resource: trailArn,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyCloudTrailAdministration',
  },
  {
    name: 'the StackSets execution role deploys the reader',
    who: withAdmin(stackSetExecution(MEMBER)),
    action: 'iam:UpdateAssumeRolePolicy',
    resource: ownLogsReader(MEMBER),
    expect: 'Allowed',
  },
  {
    name: 'a log-archive administrator cannot create a role named like the reader',
    who: admin(LOG_ARCHIVE),
    action: 'iam:CreateRole',
    resource: ownLogsReader(LOG_ARCHIVE),
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyChangingOwnLogsReader',
  },
  // Separation of CloudTrail administration from reading.
  {
    name: 'a member administrator reads its own event history (reading is not administration)',
    who: admin(MEMBER),
    action: 'cloudtrail:LookupEvents',
    resource: '*',
    resourceAccount: MEMBER,
    expect: 'Allowed',
  },
  {
    name: 'an audit administrator (a CloudTrail delegated administrator, say) cannot update the organization trail',
    who: admin(AUDIT),
    action: 'cloudtrail:UpdateTrail',
    resource: trailArn,
    resourceAccount: MANAGEMENT,
    expect: 'ExplicitlyDenied',
    deniedBy: 'scp:DenyCloudTrailAdministration',
  },
  {
    name: "the Management stack's deployment role updates the organization trail (SCPs never bind the management account)",
    who: withAdmin(deploymentRole(MANAGEMENT, HOME)),
    action: 'cloudtrail:UpdateTrail',
    resource: trailArn,
    expect: 'Allowed',
  },
  {
    name: "the Management stack's deployment role changes the organization trail's event selectors",
    who: withAdmin(deploymentRole(MANAGEMENT, HOME)),
    action: 'cloudtrail:PutEventSelectors',
    resource: trailArn,
    expect: 'Allowed',
  },
];

/* The same landing zone with the own-logs Athena option, and without the data perimeter's RCP. */
const ownWorkGroup = `arn:aws:athena:${HOME}:${MEMBER}:workgroup/${prefix}-own-logs`;
const ownResults = variantLz.resources.find(
  (r) => r.type === 'AWS::S3::Bucket' && r.account === MEMBER && r.logicalId === 'QueryResults',
)!.arn;
const variantReader = variant.deployedRole(ownLogsReader(MEMBER));
const variantOtherOrgReader = variant.role(
  ownLogsReader(OUTSIDER),
  [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
  { orgId: 'o-otherorg999' },
);
const ownLogsQueryCases: AccessCase[] = [
  {
    name: 'the reader runs a query in its own workgroup',
    who: variantReader,
    action: 'athena:StartQueryExecution',
    resource: ownWorkGroup,
    expect: 'Allowed',
  },
  {
    name: 'the reader cannot run a query in another workgroup, whose results could go elsewhere',
    who: variantReader,
    action: 'athena:StartQueryExecution',
    resource: `arn:aws:athena:${HOME}:${MEMBER}:workgroup/primary`,
    expect: 'ImplicitlyDenied',
  },
  {
    name: "the reader reads its own logs' table",
    who: variantReader,
    action: 'glue:GetTable',
    resource: `arn:aws:glue:${HOME}:${MEMBER}:table/${prefix}_own_logs/cloudtrail`,
    expect: 'Allowed',
  },
  {
    name: 'the reader cannot change the table, say to point it at a neighbour',
    who: variantReader,
    action: 'glue:UpdateTable',
    resource: `arn:aws:glue:${HOME}:${MEMBER}:table/${prefix}_own_logs/cloudtrail`,
    expect: 'ImplicitlyDenied',
  },
  {
    name: "Athena, as the reader, writes a query result into the account's results bucket",
    who: variantReader,
    action: 's3:PutObject',
    resource: `${ownResults}/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f.csv`,
    expect: 'Allowed',
  },
  {
    name: 'not even the reader writes a query result without TLS',
    who: variantReader,
    action: 's3:PutObject',
    resource: `${ownResults}/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f.csv`,
    context: { 'aws:SecureTransport': 'false' },
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyWithoutTls',
  },
  {
    name: 'Athena, as the reader, reads the log files the table projects',
    who: variantReader,
    action: 's3:GetObject',
    resource: ownLog(MEMBER),
    expect: 'Allowed',
  },
  {
    name: "even with the query permissions the reader cannot read a neighbour's log file",
    who: variantReader,
    action: 's3:GetObject',
    resource: ownLog(NEIGHBOUR),
    expect: 'ImplicitlyDenied',
  },
  {
    name: "without the RCP, the key policy alone keeps another organization's reader from decrypting",
    who: variantOtherOrgReader,
    action: 'kms:Decrypt',
    resource: variantLz.keyArn(naming.logKeyAlias, LOG_ARCHIVE, HOME),
    context: { ...viaS3, ...trailContext(trailArn) },
    expect: 'ImplicitlyDenied',
  },
  {
    name: "without the RCP, the bucket policy alone keeps another organization's reader from listing",
    who: variantOtherOrgReader,
    action: 's3:ListBucket',
    resource: trailBucket,
    context: listing(orgLogs(OUTSIDER)),
    expect: 'ExplicitlyDenied',
    deniedBy: 'resource:DenyPrincipalsOutsideOrganization',
  },
];

const CASES: [string, AccessCase[], AccessModel][] = [
  ['the trail bucket', trailBucketCases, access],
  ['the log key', logKeyCases, access],
  ['AWS Config and S3 access-log delivery', deliveryCases, access],
  ['every guardrail, from a member account', scpCases, access],
  ['the exempt roles', exemptCases, access],
  ['impersonating an exempt role', impersonationCases, access],
  ['Security Lake', lakeCases, access],
  ['alerting', alertCases, access],
  ['every account reads its own logs, and only its own', ownLogsCases, access],
  ['Control Tower, vault mode and a CI deployer', variantCases, variant],
  ['own logs with SQL, and without the data perimeter', ownLogsQueryCases, variant],
];

describe.each(CASES)('access matrix: %s', (_section, cases, model) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await model.evaluate(c);
    expect({ case: c.name, decision: outcome.decision, deniedBy: outcome.deniedBy }).toMatchObject({
      decision: c.expect,
    });
    if (c.deniedBy) {
      expect(outcome.unvalidatedKeys).toEqual([]);
      expect(outcome.deniedBy).toContain(c.deniedBy);
    }
  });
});

test('the matrix states at least 60 cases', () => {
  expect(CASES.flatMap(([, cases]) => cases).length).toBeGreaterThanOrEqual(60);
});

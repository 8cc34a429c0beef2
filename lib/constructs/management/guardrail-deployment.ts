import type { GuardrailPoliciesProps } from './guardrail-policies';
import { CHANGE_IAM, CHANGE_STACK, deny, type ScpStatement } from './guardrail-statement';

/**
 * The organization itself, its member root users, and the roles the other
 * guardrails exempt. An exemption is only as strong as the ways to act as
 * the exempt role, so each way is closed: creating, re-trusting or
 * re-permissioning a role of that name; passing it to a service; assuming
 * the CDK deploy role that passes it; running a StackSet, or a handler, that
 * runs as it. (Updating a stack whose service role it is: see
 * `landingZoneStackStatement`.)
 */
export function deploymentStatements(props: GuardrailPoliciesProps): ScpStatement[] {
  const p = props.principals;
  const audit = props.auditAccountId;
  return [
    { Sid: 'DenyLeavingOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    ...rootUserStatements(props),
    // StackSets' own service-linked role creates stacksets-exec-* (SCPs never bind service-linked roles).
    deny(
      'DenyChangingDeploymentRoles',
      CHANGE_IAM,
      [p.stackSetExecution, ...props.cdkRoleArnPatterns, ...props.cdkPolicyArnPatterns, ...p.bootstrapRoles],
      p.bootstrapRoles,
    ),
    deny(
      'DenyChangingAuditRoles',
      CHANGE_IAM,
      [
        props.guardDutyRoleArnPattern,
        props.auditRegionsRoleArnPattern,
        props.investigatorRoleArn,
        ...props.auditPolicyArnPatterns,
      ],
      [p.auditDeployment, p.guardDutyExecution],
    ),
    deny(
      'DenyPassingExemptRoles',
      'iam:PassRole',
      [...props.deploymentRoleArnPatterns, props.guardDutyRoleArnPattern, props.auditRegionsRoleArnPattern],
      // The audit deployment passes the GuardDuty StackSet its administration role.
      [...p.deployRoles, p.auditDeployment, p.guardDutyExecution],
    ),
    deny('DenyAssumingDeployRoles', 'sts:AssumeRole', [...props.deployRoleArnPatterns], p.deployers ?? []),
    // The StackSets delegated administrator could otherwise run any template as every account's StackSets role.
    // CreateStackSet names no resource, so the statement is scoped to audit's principals instead.
    deny(
      'DenyChangingStackSets',
      [
        'cloudformation:CreateStackSet',
        'cloudformation:UpdateStackSet',
        'cloudformation:DeleteStackSet',
        'cloudformation:CreateStackInstances',
        'cloudformation:UpdateStackInstances',
        'cloudformation:DeleteStackInstances',
        'cloudformation:ImportStacksToStackSet',
      ],
      '*',
      [p.auditDeployment],
      { StringEquals: { 'aws:PrincipalAccount': audit } },
    ),
    // The handler acts on the event it is given, as an exempt role.
    deny(
      'DenyDrivingGuardDutyHandler',
      ['lambda:Invoke*', 'lambda:Update*', 'lambda:Put*', 'lambda:AddPermission', 'lambda:Delete*'],
      props.guardDutyHandlerFunctionArnPattern,
      [p.guardDutyExecution],
    ),
  ];
}

/**
 * The landing zone's stacks in log-archive and audit, and its StackSet
 * instances everywhere, run as deployment roles: CloudFormation reuses a
 * stack's service role for anyone who may update the stack, "even if the
 * users don't have permission to pass it" (CreateChangeSet, RoleARN,
 * CloudFormation API Reference). Only the deployers may change them.
 */
export function landingZoneStackStatement(props: GuardrailPoliciesProps): ScpStatement {
  const p = props.principals;
  return deny(
    'DenyChangingLandingZoneStacks',
    CHANGE_STACK,
    [...props.stackArnPatterns],
    [
      ...p.deployRoles,
      ...p.bootstrapRoles,
      p.stackSetExecution,
      p.guardDutyExecution,
      ...(p.auditRegionsExecution ? [p.auditRegionsExecution] : []),
    ],
  );
}

/**
 * No member account's root user acts. In vault mode the log-archive root
 * user must still turn on MFA delete, which S3 lets only the root user do,
 * with its MFA device, through the API: so it may manage its own password,
 * MFA device and access keys, get an MFA session for them (the trail
 * bucket's policy asks for `aws:MultiFactorAuthPresent`, which long-term
 * keys never carry), and read and change bucket versioning. With
 * centralized root access the first step is a privileged session
 * (`IAMCreateRootUserPassword`), which is the root user too.
 */
function rootUserStatements(props: GuardrailPoliciesProps): ScpStatement[] {
  const rootArn = { 'aws:PrincipalArn': 'arn:aws:iam::*:root' };
  const logArchive = props.logArchiveAccountId;
  if (!props.allowLogArchiveRootToEnableMfaDelete) {
    return [{ Sid: 'DenyMemberRootUser', Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnLike: rootArn } }];
  }
  return [
    {
      Sid: 'DenyMemberRootUser',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { ArnLike: rootArn, StringNotEquals: { 'aws:PrincipalAccount': logArchive } },
    },
    {
      Sid: 'DenyLogArchiveRootUserExceptMfaDelete',
      Effect: 'Deny',
      NotAction: [
        's3:GetBucketVersioning',
        's3:PutBucketVersioning',
        'sts:GetSessionToken',
        'iam:*LoginProfile',
        'iam:*MFADevice*',
        'iam:*AccessKey*',
        'iam:*SigningCertificate*',
        'iam:GetAccountSummary',
      ],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${logArchive}:root` } },
    },
  ];
}

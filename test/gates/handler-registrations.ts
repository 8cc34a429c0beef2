/**
 * The handlers of lib/ that custom resources run, and the AWS answers of each
 * lifecycle scenario the handler-calls gate puts them through. Answers are by
 * `service:Operation` (IAM prefix); a function gets the call's input and the
 * resource's properties; unlisted calls answer `{}`. AwsCustomResource calls
 * need no entry: their scenarios come from the synthesized calls.
 *
 * To add a handler: one entry with its source and at least create, update,
 * delete and the "already exists" case of its API, with what CloudFormation
 * must be told in each (`expect`, SUCCESS by default).
 */
import { awsError } from '../support/handlers/harness';
import type { HandlerRegistration } from '../support/handlers/scenarios';

const OTHER_ACCOUNT = '999999999999';

/**
 * Each service's administrators as its list call answers them: `admin` of the resource's properties, or
 * none. The three services name the same fields differently; only the resource's own service is asked.
 */
const delegatedAdmins = (admin: (props: Record<string, any>) => string | undefined) => ({
  'guardduty:ListOrganizationAdminAccounts': (_input: unknown, props: any) => ({
    AdminAccounts: admin(props) ? [{ AdminAccountId: admin(props), AdminStatus: 'ENABLED' }] : [],
  }),
  'inspector2:ListDelegatedAdminAccounts': (_input: unknown, props: any) => ({
    delegatedAdminAccounts: admin(props) ? [{ accountId: admin(props), status: 'ENABLED' }] : [],
  }),
  'securityhub:ListOrganizationAdminAccounts': (_input: unknown, props: any) => ({
    AdminAccounts: admin(props) ? [{ AccountId: admin(props), Status: 'ENABLED' }] : [],
  }),
});

const detector = (existing: string[]) => ({
  'guardduty:ListDetectors': { DetectorIds: existing },
  'guardduty:CreateDetector': { DetectorId: '12abc34d567e8fa901bc2d34e56789f0' },
  'kms:DescribeKey': (input: { KeyId: string }) => {
    const [, , , region, account] = input.KeyId.split(':');
    return { KeyMetadata: { Arn: `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-0000000000aa` } };
  },
});

const ebsEncryption = (on: boolean) => ({ 'ec2:GetEbsEncryptionByDefault': { EbsEncryptionByDefault: on } });

const lakeAdmins = (admin: (props: Record<string, any>) => string | undefined) => (_input: unknown, props: any) => ({
  DelegatedAdministrators: admin(props) ? [{ Id: admin(props), Status: 'ACTIVE' }] : [],
});

/**
 * The organization root as ListRoots answers it: each policy type of the resource disabled until
 * EnablePolicyType asks for it, then enabled (the real one passes through PENDING_ENABLE first).
 */
const policyRoot = (initiallyEnabled: boolean, enabledMeanwhile = false) => {
  const enabled = new Set<string>();
  return {
    'organizations:ListRoots': (_input: unknown, props: any) => ({
      Roots: [
        {
          Id: props.RootId,
          PolicyTypes: props.PolicyTypes.filter((t: string) => initiallyEnabled || enabled.has(t)).map(
            (Type: string) => ({ Type, Status: 'ENABLED' }),
          ),
        },
      ],
    }),
    'organizations:EnablePolicyType': (input: { PolicyType: string }) => {
      enabled.add(input.PolicyType);
      // Someone else enabled it between the handler's read and its request.
      if (enabledMeanwhile) awsError('PolicyTypeAlreadyEnabledException')();
      return {};
    },
  };
};

export const HANDLER_REGISTRATIONS: readonly HandlerRegistration[] = [
  {
    source: 'lib/constructs/management/policy-types-handler/index.js',
    scenarios: [
      { name: 'create', requestType: 'Create', answers: policyRoot(false) },
      { name: 'update', requestType: 'Update', answers: policyRoot(false) },
      { name: 'create, every type enabled already', requestType: 'Create', answers: policyRoot(true) },
      { name: 'create, enabled meanwhile by someone else', requestType: 'Create', answers: policyRoot(false, true) },
      { name: 'delete', requestType: 'Delete' },
    ],
  },
  {
    // GuardDuty, Security Hub (home region) and, with the baseline's Inspector, Inspector: each runs these.
    source: 'lib/constructs/management/service-delegated-admin-handler/index.js',
    scenarios: [
      { name: 'create', requestType: 'Create', answers: delegatedAdmins(() => undefined) },
      { name: 'update', requestType: 'Update', answers: delegatedAdmins(() => undefined) },
      {
        name: 'create, already this account (and, for Inspector, its service-linked role)',
        requestType: 'Create',
        answers: {
          ...delegatedAdmins((p) => p.AdminAccountId),
          'iam:CreateServiceLinkedRole': awsError(
            'InvalidInputException',
            'Service role name AWSServiceRoleForAmazonInspector2 has been taken in this account, please try a different suffix.',
          ),
        },
      },
      {
        name: 'create, another account is administrator',
        requestType: 'Create',
        answers: delegatedAdmins(() => OTHER_ACCOUNT),
        expect: 'FAILED',
      },
      // Retained: no call, whoever administers the service.
      { name: 'delete', requestType: 'Delete', answers: delegatedAdmins((p) => p.AdminAccountId) },
    ],
  },
  {
    source: 'lib/constructs/baseline/ebs-encryption-handler/index.js',
    scenarios: [
      { name: 'create', requestType: 'Create', answers: ebsEncryption(false) },
      { name: 'update', requestType: 'Update', answers: ebsEncryption(false) },
      { name: 'create, already on', requestType: 'Create', answers: ebsEncryption(true) },
      { name: 'delete', requestType: 'Delete' },
    ],
  },
  {
    source: 'lib/constructs/audit/guardduty-region-handler/index.js',
    scenarios: [
      { name: 'create, no detector yet', requestType: 'Create', answers: detector([]) },
      {
        name: 'create, adopting the existing detector',
        requestType: 'Create',
        answers: detector(['12abc34d567e8fa901bc2d34e56789f0']),
      },
      { name: 'update', requestType: 'Update', answers: detector(['12abc34d567e8fa901bc2d34e56789f0']) },
      { name: 'delete', requestType: 'Delete' },
    ],
  },
  {
    source: 'lib/constructs/security-lake/delegation-handler/index.js',
    scenarios: [
      {
        name: 'create',
        requestType: 'Create',
        answers: { 'organizations:ListDelegatedAdministrators': lakeAdmins(() => undefined) },
      },
      {
        name: 'update',
        requestType: 'Update',
        answers: { 'organizations:ListDelegatedAdministrators': lakeAdmins(() => undefined) },
      },
      {
        name: 'create, already this account',
        requestType: 'Create',
        answers: { 'organizations:ListDelegatedAdministrators': lakeAdmins((p) => p.AdminAccountId) },
      },
      {
        name: 'create, another account is administrator',
        requestType: 'Create',
        answers: { 'organizations:ListDelegatedAdministrators': lakeAdmins(() => OTHER_ACCOUNT) },
        expect: 'FAILED',
      },
      { name: 'delete', requestType: 'Delete' },
    ],
  },
];

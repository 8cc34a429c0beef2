import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { CustomResourceProviderLogs } from '../../../lib/constructs/custom-resource-provider';
import { SecurityLakeDelegation } from '../../../lib/constructs/security-lake/delegation';
import { onEvent, type SecurityLakeDelegationApi } from '../../../lib/constructs/security-lake/delegation-handler';
import { LakeFormationAdmins } from '../../../lib/constructs/security-lake/lake-formation-admins';
import { LakeFormationRole } from '../../../lib/constructs/security-lake/lake-formation-role';
import { MetaStoreManagerRole } from '../../../lib/constructs/security-lake/meta-store-manager-role';
import { ReplicationRole, type ReplicationRoleProps } from '../../../lib/constructs/security-lake/replication-role';
import { newStack } from '../../support/app';

// What must exist before a region's lake: the delegation (management account) and the log-archive
// IAM and Lake Formation prerequisites, in one file to pay jest's per-file start-up once.

const MANAGEMENT = '111111111111';
const LOG_ARCHIVE = '222222222222';

function givenDelegation(adminAccountId = LOG_ARCHIVE) {
  // GIVEN the management account's home-region stack
  const stack = newStack(MANAGEMENT, 'eu-west-1');
  const logs = new CustomResourceProviderLogs(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key') });
  // WHEN the delegation is added
  new SecurityLakeDelegation(stack, 'SecurityLakeDelegation', {
    adminAccountId,
    organizationId: 'o-abcdefghij',
    logGroup: logs.logGroup,
  });
  return { stack, logs, template: Template.fromStack(stack) };
}

function policyStatements(template: Template, stack: Stack, delegation: SecurityLakeDelegation) {
  const handler = delegation.node.findChild('Handler') as lambda.Function;
  const policy = handler.role!.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
  return template.findResources('AWS::IAM::Policy')[stack.getLogicalId(policy)].Properties.PolicyDocument.Statement;
}

describe('SecurityLakeDelegation', () => {
  const { stack, logs, template } = givenDelegation();
  const delegation = stack.node.findChild('SecurityLakeDelegation') as SecurityLakeDelegation;

  test('registers the log-archive account through its inline handler, behind the provider framework', () => {
    template.hasResourceProperties('Custom::SecurityLakeDelegatedAdministrator', {
      ServiceToken: Match.anyValue(),
      AdminAccountId: LOG_ARCHIVE,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Code: { ZipFile: Match.stringLikeRegexp('RegisterDataLakeDelegatedAdministratorCommand') },
    });
  });

  test('is retained: deleting the stack never deregisters, which would disable Security Lake organization-wide', () => {
    template.hasResource('Custom::SecurityLakeDelegatedAdministrator', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('logs to the retained, encrypted log group', () => {
    const logGroup = stack.resolve(logs.logGroup.logGroupName);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.map((f) => f.Properties.LoggingConfig.LogGroup)).toEqual([logGroup, logGroup]);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({ RetentionInDays: 365, KmsKeyId: Match.anyValue() }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('may register only that account, for Security Lake, with Organizations', () => {
    const forSecurityLake = { StringEquals: { 'organizations:ServicePrincipal': 'securitylake.amazonaws.com' } };
    expect(policyStatements(template, stack, delegation)).toEqual(
      expect.arrayContaining([
        {
          Sid: 'TrustedAccessForSecurityLake',
          Effect: 'Allow',
          Action: 'organizations:EnableAWSServiceAccess',
          Resource: '*',
          Condition: forSecurityLake,
        },
        {
          Sid: 'RegisterOnlyTheAdminForSecurityLake',
          Effect: 'Allow',
          Action: 'organizations:RegisterDelegatedAdministrator',
          Resource: `arn:aws:organizations::${MANAGEMENT}:account/o-abcdefghij/${LOG_ARCHIVE}`,
          Condition: forSecurityLake,
        },
        expect.objectContaining({
          Sid: 'SecurityLakeServiceLinkedRole',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/securitylake.amazonaws.com/AWSServiceRoleForSecurityLake`,
          Condition: { StringEquals: { 'iam:AWSServiceName': 'securitylake.amazonaws.com' } },
        }),
      ]),
    );
  });

  test('reads only the accounts and OUs of its organization', () => {
    expect(policyStatements(template, stack, delegation)).toContainEqual({
      Sid: 'ReadTheOrganization',
      Effect: 'Allow',
      Action: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
      Resource: [
        `arn:aws:organizations::${MANAGEMENT}:account/o-abcdefghij/*`,
        `arn:aws:organizations::${MANAGEMENT}:ou/o-abcdefghij/*`,
      ],
    });
  });

  test('grants no write action on every resource except the one that accepts no ARN', () => {
    const writesOnAnything = policyStatements(template, stack, delegation)
      .filter((s: { Resource: unknown; Condition?: unknown }) => s.Resource === '*' && !s.Condition)
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
      .filter((action: string) => !/:(Describe|List|Get)/.test(action));
    expect(writesOnAnything).toEqual(['securitylake:RegisterDataLakeDelegatedAdministrator']);
  });

  test('fails when the admin would be the management account itself', () => {
    expect(() => givenDelegation(MANAGEMENT)).toThrow(
      'adminAccountId must not be the management account that registers it, got 111111111111',
    );
  });

  test('fails when the admin is not an account ID', () => {
    expect(() => givenDelegation('log-archive')).toThrow(
      'adminAccountId must be a 12-digit account ID, got log-archive',
    );
  });
});

describe('the Security Lake delegation handler', () => {
  /** A fake Organizations and Security Lake, with the current administrators, recording registrations. */
  function fakeLake(current: string[], register: () => Promise<unknown> = async () => ({})) {
    const registered: string[] = [];
    const waits: number[] = [];
    const api: SecurityLakeDelegationApi = {
      listAdministrators: async (servicePrincipal) => {
        expect(servicePrincipal).toBe('securitylake.amazonaws.com');
        return [...current];
      },
      register: async (accountId) => {
        await register();
        registered.push(accountId);
        current.push(accountId);
      },
      sleep: async (ms) => void waits.push(ms),
    };
    return { api, registered, waits };
  }
  const event = (RequestType: 'Create' | 'Update' | 'Delete') => ({
    RequestType,
    PhysicalResourceId: `security-lake-delegated-admin-${LOG_ARCHIVE}`,
    ResourceProperties: { AdminAccountId: LOG_ARCHIVE },
  });
  const error = (name: string, message = name) => Object.assign(new Error(message), { name });
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('registers the administrator where there is none', async () => {
    const { api, registered } = fakeLake([]);
    await expect(onEvent(event('Create'), api)).resolves.toEqual({
      PhysicalResourceId: `security-lake-delegated-admin-${LOG_ARCHIVE}`,
    });
    expect(registered).toEqual([LOG_ARCHIVE]);
  });

  test('accepts the account when it is registered already, without calling Security Lake', async () => {
    const { api, registered } = fakeLake([LOG_ARCHIVE]);
    await onEvent(event('Update'), api);
    expect(registered).toEqual([]);
  });

  test('fails when another account is the administrator, naming it and the command that removes it', async () => {
    const { api, registered } = fakeLake(['444444444444']);
    await expect(onEvent(event('Create'), api)).rejects.toThrow(
      `Security Lake already has delegated administrator 444444444444, not ${LOG_ARCHIVE}. Deregister it first (aws securitylake deregister-data-lake-delegated-administrator, which disables Security Lake for the organization), then deploy again.`,
    );
    expect(registered).toEqual([]);
  });

  test('retries while IAM applies the new policy, and on ConflictException, as the API reference advises', async () => {
    const failures = [error('AccessDeniedException'), error('ConflictException')];
    const { api, registered, waits } = fakeLake([], async () => {
      const next = failures.shift();
      if (next) throw next;
    });
    await onEvent(event('Create'), api);
    expect(waits).toEqual([2000, 4000]);
    expect(registered).toEqual([LOG_ARCHIVE]);
  });

  test('accepts a registration that landed although Security Lake answered an error', async () => {
    const current: string[] = [];
    const { api } = fakeLake(current, async () => {
      current.push(LOG_ARCHIVE);
      throw error('BadRequestException', 'already registered');
    });
    await expect(onEvent(event('Create'), api)).resolves.toEqual({
      PhysicalResourceId: `security-lake-delegated-admin-${LOG_ARCHIVE}`,
    });
  });

  test('fails when another account registered meanwhile, naming it', async () => {
    const current: string[] = [];
    const { api } = fakeLake(current, async () => {
      current.push('444444444444');
      throw error('ConflictException', 'conflict');
    });
    await expect(onEvent(event('Create'), api)).rejects.toThrow(/already has delegated administrator 444444444444/);
  });

  test('fails with the denial when IAM still denies after a minute', async () => {
    const { api, waits } = fakeLake([], async () => {
      throw error('AccessDeniedException', 'not authorized');
    });
    await expect(onEvent(event('Create'), api)).rejects.toThrow('not authorized');
    expect(waits.reduce((a, b) => a + b, 0)).toBe(60000);
  });

  test('leaves the registration in place on delete', async () => {
    const { api, registered } = fakeLake([LOG_ARCHIVE]);
    api.listAdministrators = async () => {
      throw new Error('no call on delete');
    };
    await expect(onEvent(event('Delete'), api)).resolves.toEqual({
      PhysicalResourceId: `security-lake-delegated-admin-${LOG_ARCHIVE}`,
    });
    expect(registered).toEqual([]);
  });

  test('fails when the administrator is not an account ID', async () => {
    const { api } = fakeLake([]);
    await expect(onEvent({ ...event('Create'), ResourceProperties: { AdminAccountId: 'x' } }, api)).rejects.toThrow(
      'AdminAccountId must be a 12-digit account ID, got x',
    );
  });
});

const DEPLOY_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1';

describe('MetaStoreManagerRole', () => {
  const stack = newStack();
  new MetaStoreManagerRole(stack, 'MetaStoreManagerRole', { roleName: 'AmazonSecurityLakeMetaStoreManagerV2' });
  const template = Template.fromStack(stack);

  test('is the service role Security Lake expects, run by Lambda with the AWS managed metastore policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AmazonSecurityLakeMetaStoreManagerV2',
      Path: '/service-role/',
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonSecurityLakeMetastoreManager'],
          ],
        },
      ],
    });
  });
});

describe('LakeFormationRole', () => {
  const stack = newStack();
  const role = new LakeFormationRole(stack, 'Role', {
    logGroup: new CustomResourceProviderLogs(stack, 'Logs').logGroup,
  });
  const template = Template.fromStack(stack);
  const [resource] = Object.values(template.findResources('Custom::ServiceLinkedRole'));

  test("creates Lake Formation's data-access role, accepting one that exists, and never deletes it", () => {
    const call = {
      service: 'IAM',
      action: 'CreateServiceLinkedRole',
      parameters: { AWSServiceName: 'lakeformation.amazonaws.com' },
      physicalResourceId: { id: role.roleArn },
      ignoreErrorCodesMatching: 'InvalidInput',
    };
    expect(JSON.parse(resource.Properties.Create)).toEqual(call);
    expect(JSON.parse(resource.Properties.Update)).toEqual(call);
    expect(resource.Properties.Delete).toBeUndefined();
    expect(role.roleArn).toBe(
      'arn:aws:iam::222222222222:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess',
    );
  });

  test('may create that one service-linked role only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iam:CreateServiceLinkedRole',
            Resource: role.roleArn,
            Condition: { StringEquals: { 'iam:AWSServiceName': 'lakeformation.amazonaws.com' } },
          },
        ],
      },
    });
  });
});

describe('LakeFormationAdmins', () => {
  test('appends the deployment role to the Lake Formation data-lake administrators', () => {
    const stack = newStack();
    new LakeFormationAdmins(stack, 'LakeFormationAdmins', { admins: [DEPLOY_ROLE] });
    Template.fromStack(stack).hasResourceProperties('AWS::LakeFormation::DataLakeSettings', {
      Admins: [{ DataLakePrincipalIdentifier: DEPLOY_ROLE }],
      MutationType: 'APPEND',
    });
  });

  test('fails when given no administrator', () => {
    expect(() => new LakeFormationAdmins(newStack(), 'LakeFormationAdmins', { admins: [] })).toThrow(
      'admins must name at least one principal, got none',
    );
  });
});

describe('ReplicationRole', () => {
  function givenReplicationRole(overrides: Partial<ReplicationRoleProps> = {}) {
    const stack = newStack();
    new ReplicationRole(stack, 'ReplicationRole', {
      roleName: 'SecurityLake-lz-replication',
      rollupRegion: 'eu-west-1',
      contributingRegions: ['eu-central-1', 'us-east-1'],
      ...overrides,
    });
    return Template.fromStack(stack);
  }

  test('is assumed by S3 for this account only', () => {
    givenReplicationRole().hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'SecurityLake-lz-replication',
      Path: '/service-role/',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
          },
        ],
      },
    });
  });

  test('reads the contributing lakes and writes replicas into the rollup lake only', () => {
    givenReplicationRole().hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadContributingLakes',
            Resource: [
              'arn:aws:s3:::aws-security-data-lake-eu-central-1-*',
              'arn:aws:s3:::aws-security-data-lake-eu-central-1-*/*',
              'arn:aws:s3:::aws-security-data-lake-us-east-1-*',
              'arn:aws:s3:::aws-security-data-lake-us-east-1-*/*',
            ],
            Condition: { StringEquals: { 's3:ResourceAccount': '222222222222' } },
          }),
          Match.objectLike({
            Sid: 'ReplicateIntoRollupLake',
            Resource: 'arn:aws:s3:::aws-security-data-lake-eu-west-1-*/*',
          }),
          Match.objectLike({
            Sid: 'DecryptContributingObjects',
            Action: 'kms:Decrypt',
            Condition: {
              StringEquals: { 'kms:ViaService': ['s3.eu-central-1.amazonaws.com', 's3.us-east-1.amazonaws.com'] },
            },
          }),
          Match.objectLike({
            Sid: 'EncryptReplicasInRollupRegion',
            Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
            Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^ReplicationRole') }],
    });
  });

  test('fails when its name lacks the prefix Security Lake requires', () => {
    expect(() => givenReplicationRole({ roleName: 'lz-replication' })).toThrow(
      'roleName must start with SecurityLake, got lz-replication',
    );
  });

  test('fails when the rollup region is also a contributor', () => {
    expect(() => givenReplicationRole({ contributingRegions: ['eu-west-1'] })).toThrow(
      'contributingRegions must not include the rollup region, got eu-west-1',
    );
  });

  test('fails when nothing contributes', () => {
    expect(() => givenReplicationRole({ contributingRegions: [] })).toThrow(
      'contributingRegions must name at least one region, got none',
    );
  });
});

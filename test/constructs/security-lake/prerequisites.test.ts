import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CustomResourceProviderLogs } from '../../../lib/constructs/custom-resource-provider';
import { SecurityLakeDelegation } from '../../../lib/constructs/security-lake/delegation';
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

function sdkCall(template: Template, phase: 'Create' | 'Update' | 'Delete') {
  const resources = Object.values(template.findResources('Custom::SecurityLakeDelegatedAdministrator'));
  expect(resources).toHaveLength(1);
  const call = resources[0].Properties[phase];
  return call === undefined ? undefined : JSON.parse(call);
}

function policyStatements(template: Template) {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

describe('SecurityLakeDelegation', () => {
  const { stack, logs, template } = givenDelegation();

  test('registers the log-archive account as Security Lake delegated administrator', () => {
    expect(sdkCall(template, 'Create')).toEqual({
      service: 'SecurityLake',
      action: 'RegisterDataLakeDelegatedAdministrator',
      parameters: { accountId: LOG_ARCHIVE },
      physicalResourceId: { id: `security-lake-delegated-admin-${LOG_ARCHIVE}` },
      ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException|ConflictException',
    });
    // Nothing to do on update: the admin account is the resource's identity.
    expect(sdkCall(template, 'Update')).toBeUndefined();
  });

  test('accepts an account that is registered already', () => {
    const ignored = new RegExp(sdkCall(template, 'Create').ignoreErrorCodesMatching);
    expect(ignored.test('AccountAlreadyRegisteredException')).toBe(true);
    expect(ignored.test('AccessDeniedException')).toBe(false);
  });

  test('is retained: deleting the stack never deregisters, which would disable Security Lake organization-wide', () => {
    expect(sdkCall(template, 'Delete')).toBeUndefined();
    template.hasResource('Custom::SecurityLakeDelegatedAdministrator', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('uses the SDK in the Lambda runtime and logs to the retained, encrypted log group', () => {
    template.hasResourceProperties('Custom::SecurityLakeDelegatedAdministrator', { InstallLatestAwsSdk: false });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: stack.resolve(logs.logGroup.logGroupName) },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({ RetentionInDays: 365, KmsKeyId: Match.anyValue() }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('may register only that account, for Security Lake, with Organizations', () => {
    expect(policyStatements(template)).toEqual(
      expect.arrayContaining([
        {
          Sid: 'RegisterOnlyTheAdminForSecurityLake',
          Effect: 'Allow',
          Action: 'organizations:RegisterDelegatedAdministrator',
          Resource: `arn:aws:organizations::${MANAGEMENT}:account/o-abcdefghij/${LOG_ARCHIVE}`,
          Condition: { StringEquals: { 'organizations:ServicePrincipal': 'securitylake.amazonaws.com' } },
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

  test('grants no write action on every resource except the one that accepts no ARN', () => {
    const writesOnAnything = policyStatements(template)
      .filter((s: { Resource: unknown }) => s.Resource === '*')
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

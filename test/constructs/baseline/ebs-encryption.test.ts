import { Template } from 'aws-cdk-lib/assertions';
import {
  EBS_ENCRYPTION_HANDLER_CODE,
  EbsEncryptionStackSet,
  ebsEncryptionTemplate,
} from '../../../lib/constructs/baseline/ebs-encryption-stack-set';
import { type EbsEncryptionEvent, onEvent, run } from '../../../lib/constructs/baseline/ebs-encryption-handler';
import { newStack } from '../../support/app';
import { decide } from '../../support/policy-decision';
import { presignedUrlFake } from '../../support/presigned-url-fake';

/** The template's Fn::Sub strings as one stack instance sees them. */
function instance(value: unknown): any {
  const vars: Record<string, string> = {
    'AWS::Region': 'eu-west-1',
    'AWS::AccountId': '444444444444',
    'AWS::Partition': 'aws',
  };
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    v && typeof v === 'object' && 'Fn::Sub' in v
      ? v['Fn::Sub'].replace(/\$\{([^}]+)\}/g, (_m: string, n: string) => vars[n])
      : v,
  );
}

const PROPS = { roleNamePrefix: 'lz-ebs-encryption', functionName: 'lz-ebs-encryption-default' };
const template = ebsEncryptionTemplate(PROPS) as any;

describe('EBS encryption template', () => {
  test('turns encryption by default on through its handler, answering within five minutes', () => {
    expect(template.Resources.EncryptionByDefault).toEqual({
      Type: 'Custom::EbsEncryptionByDefault',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] }, ServiceTimeout: 300 },
    });
  });

  test('inlines the handler on the current Node.js runtime', () => {
    expect(template.Resources.Handler.Properties).toMatchObject({
      FunctionName: 'lz-ebs-encryption-default',
      Runtime: 'nodejs24.x',
      Code: { ZipFile: EBS_ENCRYPTION_HANDLER_CODE },
    });
  });

  test('keeps the handler log for a year, and keeps it when the instance goes, unless its first create fails', () => {
    expect(template.Resources.HandlerLogs).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: '/aws/lambda/lz-ebs-encryption-default', RetentionInDays: 365 },
    });
  });

  test('the handler role, one per region, may read and turn on the setting, and never turn it off', async () => {
    const role = template.Resources.HandlerRole.Properties;
    expect(role.RoleName).toEqual({ 'Fn::Sub': 'lz-ebs-encryption-${AWS::Region}' });
    const identity = [instance(role.Policies[0].PolicyDocument)];
    const as = (action: string, resource = '*') =>
      decide(
        {
          principal: 'arn:aws:iam::444444444444:role/lz-ebs-encryption-eu-west-1',
          action,
          resource,
          resourceAccount: '444444444444',
        },
        { identity },
      );
    await expect(as('ec2:GetEbsEncryptionByDefault')).resolves.toBe('Allowed');
    await expect(as('ec2:EnableEbsEncryptionByDefault')).resolves.toBe('Allowed');
    await expect(as('ec2:DisableEbsEncryptionByDefault')).resolves.toBe('ImplicitlyDenied');
    const logs = 'arn:aws:logs:eu-west-1:444444444444:log-group:/aws/lambda/lz-ebs-encryption-default';
    await expect(as('logs:PutLogEvents', `${logs}:log-stream:2026/12/01/abc`)).resolves.toBe('Allowed');
    await expect(as('logs:PutLogEvents', `${logs}-other:log-stream:abc`)).resolves.toBe('ImplicitlyDenied');
    expect(role.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'lambda.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { 'Fn::Sub': '${AWS::AccountId}' } } },
    });
  });
});

describe('EbsEncryptionStackSet', () => {
  test('reaches every account of the targets, present and future, in every governed region', () => {
    const stack = newStack('333333333333');
    new EbsEncryptionStackSet(stack, 'Ebs', {
      ...PROPS,
      stackSetName: 'lz-ebs-encryption',
      targets: ['r-ab12'],
      regions: ['eu-west-1', 'eu-central-1'],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-ebs-encryption',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
      TemplateBody: JSON.stringify(template),
    });
  });
});

function event(overrides: Partial<EbsEncryptionEvent> = {}): EbsEncryptionEvent {
  return {
    RequestType: 'Create',
    ResponseURL: 'http://127.0.0.1:1/unused',
    StackId: 'arn:aws:cloudformation:eu-west-1:444444444444:stack/StackSet-lz-ebs-encryption-1/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'EncryptionByDefault',
    ...overrides,
  };
}

function fakeEc2(on: boolean) {
  const calls: string[] = [];
  const api = async (operation: string, _input?: Record<string, unknown>) => {
    calls.push(operation);
    return operation === 'GetEbsEncryptionByDefault' ? { EbsEncryptionByDefault: on } : {};
  };
  return { api, calls };
}

describe('EBS encryption handler', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('turns encryption by default on where it is off', async () => {
    const { api, calls } = fakeEc2(false);
    await expect(onEvent(event(), api)).resolves.toEqual({ id: 'ebs-encryption-by-default' });
    expect(calls).toEqual(['GetEbsEncryptionByDefault', 'EnableEbsEncryptionByDefault']);
  });

  test('already on, as after an update or in an account that chose it, changes nothing', async () => {
    const { api, calls } = fakeEc2(true);
    await expect(onEvent(event({ RequestType: 'Update', PhysicalResourceId: 'x' }), api)).resolves.toBeDefined();
    expect(calls).toEqual(['GetEbsEncryptionByDefault']);
  });

  test("retries what EC2 denies while the role's new policy propagates, for about a minute", async () => {
    // GIVEN EC2 denying the first two calls, as until IAM applies the policy created just before
    const { api, calls } = fakeEc2(false);
    let denials = 2;
    const denying = async (operation: string, input: Record<string, unknown>) => {
      if (denials-- > 0) throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });
      return api(operation, input);
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    await expect(onEvent(event(), denying, sleep)).resolves.toEqual({ id: 'ebs-encryption-by-default' });
    expect({ calls, waits }).toEqual({
      calls: ['GetEbsEncryptionByDefault', 'EnableEbsEncryptionByDefault'],
      waits: [2000, 4000],
    });
    // A denial that outlasts the minute fails with it; other errors fail at once.
    const denied = async () => {
      throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });
    };
    await expect(onEvent(event(), denied, async () => undefined)).rejects.toThrow('not authorized');
    let tries = 0;
    const broken = async () => {
      tries++;
      throw Object.assign(new Error('boom'), { name: 'InternalError' });
    };
    await expect(onEvent(event(), broken, sleep)).rejects.toThrow('boom');
    expect(tries).toBe(1);
  });

  test('deleting, or a rolled-back first create, leaves encryption on', async () => {
    const { api, calls } = fakeEc2(true);
    await expect(onEvent(event({ RequestType: 'Delete', PhysicalResourceId: 'x' }), api)).resolves.toEqual({ id: 'x' });
    expect(calls).toEqual([]);
  });
});

describe('EBS encryption handler, answering CloudFormation', () => {
  const response = presignedUrlFake();
  const context = { logStreamName: '2026/12/01/[$LATEST]abc' };

  test('puts SUCCESS to the presigned URL, with no content type', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(event({ ResponseURL: response.url }), context, () => fakeEc2(true).api);
    expect(response.received).toEqual([
      {
        method: 'PUT',
        contentType: '',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: 'ebs-encryption-by-default',
          LogicalResourceId: 'EncryptionByDefault',
        }),
      },
    ]);
  });

  test('puts FAILED with the error and the log stream as the ID of a create that failed', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = async () => {
      throw new Error('UnauthorizedOperation');
    };
    await run(event({ ResponseURL: response.url }), context, () => failing);
    expect(response.received[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'UnauthorizedOperation (log stream 2026/12/01/[$LATEST]abc)',
      PhysicalResourceId: context.logStreamName,
    });
  });
});

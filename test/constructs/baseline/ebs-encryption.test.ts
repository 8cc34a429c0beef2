import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import {
  EBS_ENCRYPTION_HANDLER_CODE,
  EbsEncryptionStackSet,
  ebsEncryptionTemplate,
  MAX_INLINE_CODE_BYTES,
} from '../../../lib/constructs/baseline/ebs-encryption-stack-set';
import { type EbsEncryptionEvent, onEvent, run } from '../../../lib/constructs/baseline/ebs-encryption-handler';
import { ROOT, newStack } from '../../support/app';
import { decide } from '../../support/baseline-simulation';

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

  test('inlines the handler, which fits the 4 KB inline limit, on the current Node.js runtime', () => {
    expect(template.Resources.Handler.Properties).toMatchObject({
      FunctionName: 'lz-ebs-encryption-default',
      Runtime: 'nodejs24.x',
      Code: { ZipFile: EBS_ENCRYPTION_HANDLER_CODE },
    });
    expect(Buffer.byteLength(EBS_ENCRYPTION_HANDLER_CODE)).toBeLessThanOrEqual(MAX_INLINE_CODE_BYTES);
  });

  test('every other inline handler of the baseline fits the limit too', () => {
    for (const dir of ['organization-policy-type-handler', 'inspector-admin-handler']) {
      const file = path.join(ROOT, 'lib/constructs/management', dir, 'index.js');
      expect({ dir, fits: fs.statSync(file).size <= MAX_INLINE_CODE_BYTES }).toEqual({ dir, fits: true });
    }
  });

  test('keeps the handler log for a year, and keeps it when the instance goes', () => {
    expect(template.Resources.HandlerLogs).toMatchObject({
      DeletionPolicy: 'Retain',
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
  const api = async (operation: string) => {
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

  test('deleting, or a rolled-back first create, leaves encryption on', async () => {
    const { api, calls } = fakeEc2(true);
    await expect(onEvent(event({ RequestType: 'Delete', PhysicalResourceId: 'x' }), api)).resolves.toEqual({ id: 'x' });
    expect(calls).toEqual([]);
  });
});

describe('EBS encryption handler, answering CloudFormation', () => {
  let server: http.Server;
  let received: any[];
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ contentType: req.headers['content-type'], body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response?signature=x`;
  });
  beforeEach(() => (received = []));
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const context = { logStreamName: '2026/12/01/[$LATEST]abc' };

  test('puts SUCCESS to the presigned URL, with no content type', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(event({ ResponseURL: url }), context, () => fakeEc2(true).api);
    expect(received).toEqual([
      {
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
    await run(event({ ResponseURL: url }), context, () => failing);
    expect(received[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'UnauthorizedOperation (log stream 2026/12/01/[$LATEST]abc)',
      PhysicalResourceId: context.logStreamName,
    });
  });
});

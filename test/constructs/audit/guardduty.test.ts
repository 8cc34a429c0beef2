import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  type GuardDutyRegionApi,
  type GuardDutyRegionEvent,
  onEvent,
  run,
} from '../../../lib/constructs/audit/guardduty-region-handler';
import {
  guardDutyRegionTemplate,
  type GuardDutyRegionTemplateProps,
  HANDLER_CODE,
} from '../../../lib/constructs/audit/guardduty-region-template';
import { GuardDutyRegions } from '../../../lib/constructs/audit/guardduty-regions';
import {
  detectorFeatures,
  type GuardDutyProtections,
  organizationFeatures,
} from '../../../lib/constructs/audit/guardduty-protections';
import { newStack } from '../../support/app';
import { presignedUrlFake } from '../../support/presigned-url-fake';

const ALL_ON: GuardDutyProtections = {
  s3DataEvents: true,
  eksAuditLogs: true,
  ebsMalwareProtection: true,
  rdsLoginEvents: true,
  lambdaNetworkLogs: true,
  runtimeMonitoring: { enabled: true, agentManagement: ['EKS', 'ECS_FARGATE', 'EC2'] },
};
const KEY_ALIAS_ARN = 'arn:aws:kms:eu-west-1:222222222222:alias/lz/guardduty-findings';
const TEMPLATE_PROPS: GuardDutyRegionTemplateProps = {
  protections: ALL_ON,
  findingPublishingFrequency: 'FIFTEEN_MINUTES',
  findingsBucketName: 'lz-guardduty-findings-222222222222-eu-west-1',
  findingsKeyAliasArn: KEY_ALIAS_ARN,
  handlerRoleNamePrefix: 'lz-guardduty-detector',
  handlerFunctionName: 'lz-guardduty-detector',
};

describe('GuardDuty protections', () => {
  test('every protection plan is named as GuardDuty names it, with Runtime Monitoring agent management', () => {
    expect(detectorFeatures(ALL_ON)).toEqual([
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
      { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
      { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
      {
        Name: 'RUNTIME_MONITORING',
        Status: 'ENABLED',
        AdditionalConfiguration: [
          { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
          { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' },
          { Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' },
        ],
      },
    ]);
  });

  test('members get the same plans auto-enabled for ALL accounts', () => {
    expect(organizationFeatures(ALL_ON).map((f) => [f.Name, f.AutoEnable])).toEqual([
      ['S3_DATA_EVENTS', 'ALL'],
      ['EKS_AUDIT_LOGS', 'ALL'],
      ['EBS_MALWARE_PROTECTION', 'ALL'],
      ['RDS_LOGIN_EVENTS', 'ALL'],
      ['LAMBDA_NETWORK_LOGS', 'ALL'],
      ['RUNTIME_MONITORING', 'ALL'],
    ]);
    expect(organizationFeatures(ALL_ON)[5].AdditionalConfiguration).toEqual([
      { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' },
      { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
      { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'ALL' },
    ]);
  });

  test('a plan switched off is sent as off, so that the change reaches AWS', () => {
    const some: GuardDutyProtections = {
      ...ALL_ON,
      rdsLoginEvents: false,
      runtimeMonitoring: { enabled: true, agentManagement: ['EKS'] },
    };
    expect(detectorFeatures(some).find((f) => f.Name === 'RDS_LOGIN_EVENTS')?.Status).toBe('DISABLED');
    expect(organizationFeatures(some).find((f) => f.Name === 'RUNTIME_MONITORING')).toEqual({
      Name: 'RUNTIME_MONITORING',
      AutoEnable: 'ALL',
      AdditionalConfiguration: [
        { Name: 'EKS_ADDON_MANAGEMENT', AutoEnable: 'ALL' },
        { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', AutoEnable: 'NONE' },
        { Name: 'EC2_AGENT_MANAGEMENT', AutoEnable: 'NONE' },
      ],
    });
  });

  test('without Runtime Monitoring no agent is managed, and EKS Runtime Monitoring is never sent', () => {
    const off = { ...ALL_ON, runtimeMonitoring: { enabled: false, agentManagement: ['EKS' as const] } };
    const runtime = detectorFeatures(off).find((f) => f.Name === 'RUNTIME_MONITORING')!;
    expect(runtime.Status).toBe('DISABLED');
    expect(runtime.AdditionalConfiguration?.every((a) => a.Status === 'DISABLED')).toBe(true);
    expect(detectorFeatures(off).map((f) => f.Name)).not.toContain('EKS_RUNTIME_MONITORING');
  });
});

describe('GuardDuty region template', () => {
  // GIVEN the template every governed region's stack instance runs
  const template = Template.fromJSON(guardDutyRegionTemplate(TEMPLATE_PROPS) as Record<string, any>);
  const resources = (template.toJSON() as { Resources: Record<string, any> }).Resources;
  const statements = resources.HandlerRole.Properties.Policies[0].PolicyDocument.Statement as any[];

  test('adopts the detector with every protection plan and 15-minute publishing, and auto-enables ALL members', () => {
    template.hasResourceProperties('Custom::GuardDutyDetector', {
      ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] },
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      DetectorFeatures: detectorFeatures(ALL_ON),
      OrganizationFeatures: organizationFeatures(ALL_ON),
    });
  });

  test('exports findings to the findings bucket with the key its alias resolves to, through the adopted detector', () => {
    template.hasResourceProperties('Custom::KmsAliasTarget', { AliasArn: KEY_ALIAS_ARN });
    template.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DetectorId: { 'Fn::GetAtt': ['Detector', 'DetectorId'] },
      DestinationType: 'S3',
      DestinationProperties: {
        DestinationArn: 'arn:aws:s3:::lz-guardduty-findings-222222222222-eu-west-1',
        KmsKeyArn: { 'Fn::GetAtt': ['FindingsKey', 'Arn'] },
      },
    });
  });

  test('inlines the handler source on the current Node.js runtime', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'lz-guardduty-detector',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: HANDLER_CODE },
      LoggingConfig: { LogGroup: { Ref: 'HandlerLogs' }, LogFormat: 'JSON' },
    });
  });

  test('a custom resource that never answers fails within five minutes, not an hour', () => {
    for (const type of ['Custom::GuardDutyDetector', 'Custom::KmsAliasTarget']) {
      template.hasResourceProperties(type, { ServiceTimeout: 300 });
    }
  });

  test('keeps the handler log for a year, and keeps it when the instance or the group goes', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: '/aws/lambda/lz-guardduty-detector', RetentionInDays: 365 },
    });
  });

  test('the handler role carries the region in its name, which the guardrail SCPs exempt', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Sub': 'lz-guardduty-detector-${AWS::Region}' },
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
    });
  });

  test('the handler may call exactly its GuardDuty actions, on detectors where the API allows', () => {
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      [
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        {
          'Fn::Sub':
            'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/lz-guardduty-detector:*',
        },
      ],
      // UpdateOrganizationConfiguration accepts no resource (Service Authorization Reference).
      [['guardduty:ListDetectors', 'guardduty:CreateDetector', 'guardduty:UpdateOrganizationConfiguration'], '*'],
      [
        'guardduty:UpdateDetector',
        { 'Fn::Sub': 'arn:${AWS::Partition}:guardduty:${AWS::Region}:${AWS::AccountId}:detector/*' },
      ],
      [
        'iam:CreateServiceLinkedRole',
        {
          'Fn::Sub':
            'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
        },
      ],
      [
        'iam:CreateServiceLinkedRole',
        {
          'Fn::Sub':
            'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection',
        },
      ],
      ['kms:DescribeKey', { 'Fn::Sub': 'arn:${AWS::Partition}:kms:eu-west-1:222222222222:key/*' }],
    ]);
  });

  test('the key lookup is limited to the findings key alias, and service-linked roles to their service', () => {
    expect(statements.find((s) => s.Action === 'kms:DescribeKey').Condition).toEqual({
      StringEquals: { 'kms:RequestAlias': 'alias/lz/guardduty-findings' },
    });
    const linked = statements.filter((s) => s.Action === 'iam:CreateServiceLinkedRole');
    expect(linked.map((s) => s.Condition.StringEquals['iam:AWSServiceName'])).toEqual([
      'guardduty.amazonaws.com',
      'malware-protection.guardduty.amazonaws.com',
    ]);
  });

  test('a switched-off plan reaches the template as off', () => {
    const off = guardDutyRegionTemplate({ ...TEMPLATE_PROPS, protections: { ...ALL_ON, s3DataEvents: false } });
    const detector = (off as any).Resources.Detector.Properties;
    expect(detector.DetectorFeatures[0]).toEqual({ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' });
    expect(detector.OrganizationFeatures[0]).toEqual({ Name: 'S3_DATA_EVENTS', AutoEnable: 'NONE' });
  });

  test('fails when the key alias ARN is not a KMS alias ARN', () => {
    expect(() =>
      guardDutyRegionTemplate({ ...TEMPLATE_PROPS, findingsKeyAliasArn: 'arn:aws:kms:eu-west-1:222222222222:key/abc' }),
    ).toThrow(/findingsKeyAliasArn must be a KMS alias ARN/);
  });
});

describe('GuardDutyRegions', () => {
  // GIVEN the StackSet in the audit account's home region, governing a default and an opt-in region
  const stack = newStack('333333333333', 'eu-west-1');
  const regions = new GuardDutyRegions(stack, 'GuardDuty', {
    ...TEMPLATE_PROPS,
    stackSetName: 'lz-guardduty',
    regions: ['eu-west-1', 'eu-central-1', 'me-central-1'],
    optInRegions: ['me-central-1', 'af-south-1'],
    administrationRoleName: 'lz-guardduty-stackset-admin',
    executionRoleName: 'lz-guardduty-stackset-exec',
  });
  const template = Template.fromStack(stack);
  const executionStatements = () => {
    const [policy] = Object.values(
      template.findResources('AWS::IAM::ManagedPolicy', {
        Properties: { Roles: [{ Ref: stack.getLogicalId(regions.executionRole.node.defaultChild as any) }] },
      }),
    );
    return policy.Properties.PolicyDocument.Statement as any[];
  };

  test('deploys the region template to this account in every governed region, self-managed', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-guardduty',
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: { Ref: stack.getLogicalId(regions.executionRole.node.defaultChild as any) },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          DeploymentTargets: { Accounts: ['333333333333'] },
          Regions: ['eu-west-1', 'eu-central-1', 'me-central-1'],
        },
      ],
      OperationPreferences: Match.objectLike({ RegionConcurrencyType: 'PARALLEL', FailureToleranceCount: 0 }),
    });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-guardduty-stackset-exec' });
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    expect(JSON.parse(stackSet.Properties.TemplateBody)).toEqual(guardDutyRegionTemplate(TEMPLATE_PROPS));
  });

  test('the execution role manages only the template resources, by name', () => {
    expect(Object.fromEntries(executionStatements().map((s) => [s.Sid, s.Resource]))).toEqual({
      StackInstances: 'arn:aws:cloudformation:*:333333333333:stack/StackSet-lz-guardduty-*',
      ValidateTemplate: '*',
      HandlerRoles: 'arn:aws:iam::333333333333:role/lz-guardduty-detector-*',
      PassHandlerRolesToLambda: 'arn:aws:iam::333333333333:role/lz-guardduty-detector-*',
      Handler: 'arn:aws:lambda:*:333333333333:function:lz-guardduty-detector',
      HandlerLogGroup: 'arn:aws:logs:*:333333333333:log-group:/aws/lambda/lz-guardduty-detector:*',
      // CloudWatch Logs authorizes tagging on the log group's ARN without the trailing :*.
      TagHandlerLogGroup: 'arn:aws:logs:*:333333333333:log-group:/aws/lambda/lz-guardduty-detector',
      // A findings export's ARN starts with its detector's.
      FindingsExport: 'arn:aws:guardduty:*:333333333333:detector/*',
      AcceptNoResource: '*',
    });
  });

  test('the handler roles pass to Lambda only, and CloudFormation may invoke the handler', () => {
    const bySid = Object.fromEntries(executionStatements().map((s) => [s.Sid, s]));
    expect(bySid.PassHandlerRolesToLambda.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
    expect(bySid.Handler.Action).toContain('lambda:InvokeFunction');
    expect([...bySid.FindingsExport.Action].sort()).toEqual([
      'guardduty:DeletePublishingDestination',
      'guardduty:DescribePublishingDestination',
      'guardduty:ListTagsForResource',
      'guardduty:TagResource',
      'guardduty:UntagResource',
      'guardduty:UpdatePublishingDestination',
    ]);
    // Neither accepts a resource narrower than *.
    expect(bySid.AcceptNoResource.Action).toEqual(['guardduty:CreatePublishingDestination', 'logs:DescribeLogGroups']);
  });
});

/** A fake of the AWS calls, answering `answers[operation]` and recording every call in order. */
function fakeApi(answers: Record<string, unknown> = {}) {
  const calls: Array<[string, string, Record<string, unknown>]> = [];
  const answer = (operation: string) => {
    const value = answers[operation];
    if (value instanceof Error) return Promise.reject(value);
    return Promise.resolve(value ?? {});
  };
  const api: GuardDutyRegionApi = {
    guardDuty: (operation, input) => (calls.push(['guardduty', operation, input]), answer(operation)),
    kms: (region, operation, input) => (calls.push([`kms@${region}`, operation, input]), answer(operation)),
  };
  return { api, calls };
}

function event(overrides: Partial<GuardDutyRegionEvent> = {}): GuardDutyRegionEvent {
  const properties = guardDutyRegionTemplate(TEMPLATE_PROPS) as any;
  return {
    RequestType: 'Create',
    ResourceType: 'Custom::GuardDutyDetector',
    ResourceProperties: properties.Resources.Detector.Properties,
    ResponseURL: 'http://127.0.0.1:1/unused',
    StackId: 'arn:aws:cloudformation:eu-central-1:333333333333:stack/StackSet-lz-guardduty-1/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'Detector',
    ...overrides,
  };
}

describe('GuardDuty region handler', () => {
  test('adopts the detector the delegation created, then configures it and the organization', async () => {
    const { api, calls } = fakeApi({ ListDetectors: { DetectorIds: ['d-1'] } });
    await expect(onEvent(event(), api)).resolves.toEqual({ id: 'd-1', data: { DetectorId: 'd-1' } });
    expect(calls).toEqual([
      ['guardduty', 'ListDetectors', {}],
      [
        'guardduty',
        'UpdateDetector',
        {
          DetectorId: 'd-1',
          Enable: true,
          FindingPublishingFrequency: 'FIFTEEN_MINUTES',
          Features: detectorFeatures(ALL_ON),
        },
      ],
      [
        'guardduty',
        'UpdateOrganizationConfiguration',
        { DetectorId: 'd-1', AutoEnableOrganizationMembers: 'ALL', Features: organizationFeatures(ALL_ON) },
      ],
    ]);
  });

  test('creates the detector only when the region has none', async () => {
    const { api, calls } = fakeApi({ ListDetectors: { DetectorIds: [] }, CreateDetector: { DetectorId: 'd-new' } });
    await expect(onEvent(event({ RequestType: 'Update' }), api)).resolves.toMatchObject({ id: 'd-new' });
    expect(calls.map((c) => c[1])).toEqual([
      'ListDetectors',
      'CreateDetector',
      'UpdateDetector',
      'UpdateOrganizationConfiguration',
    ]);
    expect(calls[1][2]).toEqual({ Enable: true });
  });

  test('resolves the key alias in the key region, answering with the key ARN', async () => {
    const keyArn = 'arn:aws:kms:eu-west-1:222222222222:key/1234';
    const { api, calls } = fakeApi({ DescribeKey: { KeyMetadata: { Arn: keyArn } } });
    const lookup = event({ ResourceType: 'Custom::KmsAliasTarget', ResourceProperties: { AliasArn: KEY_ALIAS_ARN } });
    await expect(onEvent(lookup, api)).resolves.toEqual({ id: keyArn, data: { Arn: keyArn } });
    expect(calls).toEqual([['kms@eu-west-1', 'DescribeKey', { KeyId: KEY_ALIAS_ARN }]]);
  });

  test('deleting changes nothing in AWS: GuardDuty keeps running', async () => {
    const { api, calls } = fakeApi();
    const deletion = event({ RequestType: 'Delete', PhysicalResourceId: 'd-1' });
    await expect(onEvent(deletion, api)).resolves.toEqual({ id: 'd-1', data: {} });
    expect(calls).toEqual([]);
  });

  test('refuses a resource type it does not implement', async () => {
    await expect(onEvent(event({ ResourceType: 'Custom::Other' }), fakeApi().api)).rejects.toThrow(
      'unknown resource type Custom::Other',
    );
  });

  const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });

  test("retries a call IAM denies while the new role's policy propagates, then configures", async () => {
    // GIVEN GuardDuty denying the first listing, as IAM does until it applies the role's new policy
    const { api, calls } = fakeApi({ ListDetectors: { DetectorIds: ['d-1'] } });
    const waits: number[] = [];
    const answer = api.guardDuty;
    let denials = 1;
    api.guardDuty = (operation, input) => (denials-- > 0 ? Promise.reject(denied()) : answer(operation, input));
    api.sleep = async (ms) => void waits.push(ms);
    // WHEN the handler runs THEN it waited once, and configured the detector
    await expect(onEvent(event(), api)).resolves.toMatchObject({ id: 'd-1' });
    expect(waits).toEqual([2000]);
    expect(calls.map(([, operation]) => operation)).toEqual([
      'ListDetectors',
      'UpdateDetector',
      'UpdateOrganizationConfiguration',
    ]);
  });

  test('fails when IAM still denies after a minute, and does not retry other errors', async () => {
    const waits: number[] = [];
    const { api } = fakeApi({ ListDetectors: denied() });
    api.sleep = async (ms) => void waits.push(ms);
    await expect(onEvent(event(), api)).rejects.toThrow('not authorized');
    expect(waits.reduce((a, b) => a + b, 0)).toBe(60000);

    const other = fakeApi({ ListDetectors: Object.assign(new Error('bad'), { name: 'BadRequestException' }) });
    other.api.sleep = async () => {
      throw new Error('should not wait');
    };
    await expect(onEvent(event(), other.api)).rejects.toThrow('bad');
  });
});

describe('GuardDuty region handler, answering CloudFormation', () => {
  const response = presignedUrlFake();

  const context = { logStreamName: '2026/11/23/[$LATEST]abc' };

  test('puts SUCCESS with the detector ID to the presigned URL, with no content type', async () => {
    const { api } = fakeApi({ ListDetectors: { DetectorIds: ['d-1'] } });
    await run(event({ ResponseURL: response.url }), context, () => api);
    expect(response.received).toEqual([
      {
        method: 'PUT',
        contentType: '',
        body: {
          Status: 'SUCCESS',
          Reason: 'OK',
          PhysicalResourceId: 'd-1',
          StackId: 'arn:aws:cloudformation:eu-central-1:333333333333:stack/StackSet-lz-guardduty-1/abc',
          RequestId: 'request-1',
          LogicalResourceId: 'Detector',
          Data: { DetectorId: 'd-1' },
        },
      },
    ]);
  });

  test('puts FAILED with the error and the log stream, keeping the resource ID it had', async () => {
    const { api } = fakeApi({ ListDetectors: { DetectorIds: ['d-1'] }, UpdateDetector: new Error('AccessDenied') });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await run(
      event({ ResponseURL: response.url, RequestType: 'Update', PhysicalResourceId: 'd-1' }),
      context,
      () => api,
    );
    expect(response.received[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDenied (log stream 2026/11/23/[$LATEST]abc)',
      PhysicalResourceId: 'd-1',
    });
  });

  test('a create that fails before it has an ID answers with the log stream as ID, as CloudFormation requires one', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await run(event({ ResponseURL: response.url }), context, () => {
      throw new Error('no SDK');
    });
    expect(response.received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: context.logStreamName });
    expect(response.received[0].body.Reason).toMatch(/^no SDK/);
  });

  test('an answer the presigned URL rejects fails the invocation, so that Lambda logs it', async () => {
    response.status = 403;
    const { api } = fakeApi({ ListDetectors: { DetectorIds: ['d-1'] } });
    await expect(run(event({ ResponseURL: response.url }), context, () => api)).rejects.toThrow(
      'response rejected: 403',
    );
  });
});

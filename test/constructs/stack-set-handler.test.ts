import { stackSetHandlerResources, sub } from '../../lib/constructs/stack-set-handler';

describe('stackSetHandlerResources', () => {
  // GIVEN a handler that reads one setting
  const resources: Record<string, any> = stackSetHandlerResources({
    functionName: 'lz-example',
    functionDescription: 'Reads a setting',
    code: 'exports.handler = async () => ({});',
    roleName: sub('lz-example-${AWS::Region}'),
    roleDescription: 'Reads a setting during StackSet deployments',
    policyName: 'ReadSetting',
    statements: [{ Effect: 'Allow', Action: 'ec2:GetEbsEncryptionByDefault', Resource: '*' }],
    timeoutSeconds: 60,
    memorySize: 128,
  });

  test('keeps the named log group a year, and lets a rolled-back first create remove it', () => {
    expect(resources.HandlerLogs).toEqual({
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: '/aws/lambda/lz-example', RetentionInDays: 365 },
    });
  });

  test("lets Lambda assume the role for this account's functions only", () => {
    expect(resources.HandlerRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { 'Fn::Sub': '${AWS::AccountId}' } } },
      },
    ]);
  });

  test('grants writing its own log and the given statements, nothing else', () => {
    const [policy] = resources.HandlerRole.Properties.Policies;
    expect(policy.PolicyName).toBe('ReadSetting');
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/lz-example:*',
        },
      },
      { Effect: 'Allow', Action: 'ec2:GetEbsEncryptionByDefault', Resource: '*' },
    ]);
  });

  test('inlines the code on the current Node.js runtime, logging as JSON to its group', () => {
    expect(resources.Handler.Properties).toMatchObject({
      FunctionName: 'lz-example',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['HandlerRole', 'Arn'] },
      Timeout: 60,
      MemorySize: 128,
      LoggingConfig: { LogGroup: { Ref: 'HandlerLogs' }, LogFormat: 'JSON' },
      Code: { ZipFile: 'exports.handler = async () => ({});' },
    });
  });
});

import * as lambda from 'aws-cdk-lib/aws-lambda';

/** `Fn::Sub`, for the raw templates StackSets deploy. */
export const sub = (text: string) => ({ 'Fn::Sub': text });

export interface StackSetHandlerProps {
  /** The function's name, which also names its log group. */
  readonly functionName: string;
  readonly functionDescription: string;
  /** The handler's source: inlined, since a StackSet instance cannot reach the CDK asset bucket. */
  readonly code: string;
  /** The role's name, usually with `${AWS::Region}` in it (a `Fn::Sub`): IAM names are global to the account. */
  readonly roleName: object;
  readonly roleDescription: string;
  /** The name of the role's one inline policy. */
  readonly policyName: string;
  /** Everything the handler's calls need besides writing its own log. */
  readonly statements: readonly object[];
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/**
 * The three resources of a custom-resource handler in a StackSet template:
 * its log group (named, so kept a year, and gone again if the instance's
 * first create rolls back), its role (trusted by Lambda in this account
 * only, writing only its own log) and the inlined function.
 */
export function stackSetHandlerResources(props: StackSetHandlerProps): Record<string, object> {
  const logGroupName = `/aws/lambda/${props.functionName}`;
  return {
    HandlerLogs: {
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: logGroupName, RetentionInDays: 365 },
    },
    HandlerRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: props.roleName,
        Description: props.roleDescription,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: props.policyName,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: sub(
                    `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${logGroupName}:*`,
                  ),
                },
                ...props.statements,
              ],
            },
          },
        ],
      },
    },
    Handler: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: props.functionName,
        Description: props.functionDescription,
        Runtime: lambda.Runtime.NODEJS_24_X.name,
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['HandlerRole', 'Arn'] },
        Timeout: props.timeoutSeconds,
        MemorySize: props.memorySize,
        LoggingConfig: { LogGroup: { Ref: 'HandlerLogs' }, LogFormat: 'JSON' },
        Code: { ZipFile: props.code },
      },
    },
  };
}

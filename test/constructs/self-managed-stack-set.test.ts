import * as iam from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { selfManagedStackSet, type SelfManagedStackSetProps } from '../../lib/constructs/self-managed-stack-set';
import { newStack } from '../support/app';

const TEMPLATE = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };

function given(overrides: Partial<SelfManagedStackSetProps> = {}) {
  // GIVEN a StackSet of the audit account, deployed to a default and an opt-in region
  const stack = newStack('333333333333', 'eu-west-1');
  const stackSet = selfManagedStackSet(stack, {
    stackSetName: 'lz-example',
    description: 'Landing zone: an example',
    regions: ['eu-west-1', 'me-central-1'],
    optInRegions: ['me-central-1', 'af-south-1'],
    administrationRoleName: 'lz-example-stackset-admin',
    executionRoleName: 'lz-example-stackset-exec',
    executionScope: 'topics',
    executionStatements: [
      new iam.PolicyStatement({ sid: 'Topics', actions: ['sns:CreateTopic'], resources: ['arn:aws:sns:*:*:x'] }),
    ],
    template: TEMPLATE,
    ...overrides,
  });
  return { stack, stackSet, template: Template.fromStack(stack) };
}

describe('selfManagedStackSet', () => {
  const { stack, stackSet, template } = given();
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);

  test('deploys the template to this account in the given regions', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-example',
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: { Ref: logicalId(stackSet.executionRole) },
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['333333333333'] }, Regions: ['eu-west-1', 'me-central-1'] },
      ],
      TemplateBody: JSON.stringify(TEMPLATE),
    });
  });

  test('only CloudFormation, for this StackSet, assumes the administration role, also in the opt-in regions used', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-example-stackset-admin',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: ['cloudformation.amazonaws.com', 'cloudformation.me-central-1.amazonaws.com'] },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '333333333333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudformation:eu-west-1:333333333333:stackset/lz-example:*' },
            },
          }),
        ],
      },
    });
  });

  test('the administration role may only assume the execution role, which only it may assume', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Resource: 'arn:aws:iam::333333333333:role/lz-example-stackset-exec',
          },
        ],
      },
      Roles: [{ Ref: logicalId(stackSet.administrationRole) }],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-example-stackset-exec',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { AWS: { 'Fn::GetAtt': [logicalId(stackSet.administrationRole), 'Arn'] } } }),
        ],
      },
    });
  });

  test('the execution role runs CloudFormation on its own stack instances only, plus what the caller grants', () => {
    const policy = template.findResources('AWS::IAM::ManagedPolicy')[logicalId(stackSet.executionPolicy)];
    expect(
      policy.Properties.PolicyDocument.Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]),
    ).toEqual([
      ['StackInstances', 'arn:aws:cloudformation:*:333333333333:stack/StackSet-lz-example-*'],
      ['ValidateTemplate', '*'],
      ['Topics', 'arn:aws:sns:*:*:x'],
    ]);
  });

  test('instances deploy only once both roles hold their permissions', () => {
    const [resource] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([logicalId(stackSet.executionPolicy), expect.stringMatching(/^AdministrationPolicy/)]),
    );
  });

  test('refuses an empty region list', () => {
    expect(() => given({ regions: [] })).toThrow('regions must name at least one region, got none');
  });
});

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { selfManagedStackSet } from '../../lib/constructs/self-managed-stack-set';
import { missingHandlerPermissions, selfManagedStackSets } from '../support/iam/handler-permissions';
import { newApp } from '../support/app';
import { landingZoneAssembly } from '../support/assembly-cache';

/**
 * Every resource type of a template that CloudFormation runs as a role this
 * app wrote (the self-managed StackSets) must have its registry handler
 * permissions granted by that role, on the resource the template names.
 */
describe('handler permissions of every self-managed StackSet', () => {
  // GIVEN the example landing zone, synthesized once
  const assembly = landingZoneAssembly();
  const stackSets = selfManagedStackSets(assembly);

  test('finds every self-managed StackSet of the app', () => {
    const inTemplates = assembly.stacks.flatMap((stack) =>
      Object.entries<any>(stack.template.Resources)
        .filter(
          ([, r]) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties.PermissionModel === 'SELF_MANAGED',
        )
        .map(([logicalId]) => `${stack.stackName}/${logicalId}`),
    );
    expect(stackSets.map((s) => s.id).sort()).toEqual(inTemplates.sort());
    expect(stackSets.length).toBeGreaterThanOrEqual(2);
  });

  test.each(stackSets.map((s) => [s.id, s] as const))(
    '%s: its execution role grants them all',
    async (_id, stackSet) => {
      // WHEN every handler permission of every resource is asked of the engine THEN none is missing
      expect(await missingHandlerPermissions(stackSet)).toEqual([]);
    },
  );
});

describe('the handler-permissions gate', () => {
  /** A self-managed StackSet in 111111111111, eu-west-1, whose execution role grants `statements`. */
  function stackSetOf(template: object, statements: iam.PolicyStatement[]) {
    const app = newApp();
    const stack = new Stack(app, 'Gate', { env: { account: '111111111111', region: 'eu-west-1' } });
    selfManagedStackSet(stack, {
      stackSetName: 'gate',
      description: 'gate test',
      regions: ['eu-west-1'],
      administrationRoleName: 'gate-admin',
      executionRoleName: 'gate-exec',
      executionScope: 'test resources',
      executionStatements: statements,
      template,
    });
    const [stackSet] = selfManagedStackSets(app.synth());
    return stackSet;
  }

  const rule = { Type: 'AWS::Events::Rule', Properties: { Name: 'r1', EventPattern: { source: ['aws.health'] } } };

  test('fails when the execution role lacks a handler permission, naming type, action, operations and resource', async () => {
    // GIVEN a rule whose role may put, describe and delete rules, but not tag them
    const stackSet = stackSetOf({ Resources: { Rule: rule } }, [
      new iam.PolicyStatement({
        actions: ['events:PutRule', 'events:DescribeRule', 'events:DeleteRule', 'events:PutTargets'],
        resources: ['arn:aws:events:*:111111111111:rule/r1'],
      }),
      new iam.PolicyStatement({
        actions: ['events:RemoveTargets', 'events:ListTargetsByRule'],
        resources: ['arn:aws:events:*:111111111111:rule/r2'],
      }),
    ]);
    // WHEN the gate runs THEN it names exactly what is missing
    expect(await missingHandlerPermissions(stackSet)).toEqual([
      'AWS::Events::Rule events:ListTagsForResource [read, tagging] on arn:aws:events:eu-west-1:111111111111:rule/r1 (Rule) in eu-west-1',
      'AWS::Events::Rule events:ListTargetsByRule [read, delete] on arn:aws:events:eu-west-1:111111111111:rule/r1 (Rule) in eu-west-1',
      'AWS::Events::Rule events:RemoveTargets [update, delete] on arn:aws:events:eu-west-1:111111111111:rule/r1 (Rule) in eu-west-1',
      'AWS::Events::Rule events:TagResource [create, update, tagging] on arn:aws:events:eu-west-1:111111111111:rule/r1 (Rule) in eu-west-1',
      'AWS::Events::Rule events:UntagResource [update, tagging] on arn:aws:events:eu-west-1:111111111111:rule/r1 (Rule) in eu-west-1',
    ]);
  });

  test('fails when a wildcard-only action is granted on a resource ARN', async () => {
    // GIVEN a findings export whose role may create it only on detector ARNs
    const destination = {
      Type: 'AWS::GuardDuty::PublishingDestination',
      Properties: { DetectorId: 'd1', DestinationType: 'S3', DestinationProperties: {} },
    };
    const stackSet = stackSetOf({ Resources: { Export: destination } }, [
      new iam.PolicyStatement({ actions: ['guardduty:*'], resources: ['arn:aws:guardduty:*:111111111111:detector/*'] }),
    ]);
    // THEN CreatePublishingDestination, which accepts no resource, is reported on *
    expect(await missingHandlerPermissions(stackSet)).toEqual([
      'AWS::GuardDuty::PublishingDestination guardduty:CreatePublishingDestination [create] on * (Export) in eu-west-1',
    ]);
  });

  test('fails when a property makes a conditional permission apply', async () => {
    // GIVEN a function in a VPC whose role grants everything else of the Lambda handlers
    const fn = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'f',
        Role: 'arn:aws:iam::111111111111:role/f',
        Code: { ZipFile: 'x' },
        VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
      },
    };
    const stackSet = stackSetOf({ Resources: { Fn: fn } }, [
      new iam.PolicyStatement({ actions: ['lambda:*'], resources: ['arn:aws:lambda:*:111111111111:function:f'] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: ['arn:aws:iam::111111111111:role/f'],
        conditions: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    ]);
    // THEN the VPC calls are reported, and nothing else
    expect((await missingHandlerPermissions(stackSet)).map((line) => line.split(' ')[1])).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
    ]);
  });

  test('fails when a template uses a resource type whose handler permissions are not vendored', async () => {
    const stackSet = stackSetOf({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } } }, []);
    expect(await missingHandlerPermissions(stackSet)).toContain(
      'cannot check AWS::SNS::Topic Topic: no handler permissions vendored for AWS::SNS::Topic; run npm run refresh:handler-permissions -- --types AWS::SNS::Topic',
    );
  });
});

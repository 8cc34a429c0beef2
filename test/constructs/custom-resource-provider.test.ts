import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CustomResourceProviderLogs } from '../../lib/constructs/custom-resource-provider';
import { newStack } from '../support/app';

describe('CustomResourceProviderLogs', () => {
  // GIVEN a stack with two AwsCustomResources, the second waiting for the first
  const stack = newStack('111111111111');
  const logs = new CustomResourceProviderLogs(stack, 'Logs');
  const call = (scope: Construct, id: string, principal: string) =>
    new AwsCustomResource(scope, id, {
      installLatestAwsSdk: false,
      logGroup: logs.logGroup,
      onCreate: {
        service: 'Organizations',
        action: 'EnableAWSServiceAccess',
        parameters: { ServicePrincipal: principal },
        physicalResourceId: PhysicalResourceId.of(principal),
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['organizations:EnableAWSServiceAccess'], resources: ['*'] }),
      ]),
    });
  const first = call(stack, 'First', 'config.amazonaws.com');
  const later = new Construct(stack, 'Later');
  const second = call(later, 'Second', 'cloudtrail.amazonaws.com');
  later.node.addDependency(first);
  logs.acknowledgeProvider();
  const resources = Template.fromStack(stack).toJSON().Resources;
  const id = (c: Construct) => stack.getLogicalId(c.node.findChild('CustomResourcePolicy').node.defaultChild as any);
  const provider = Object.entries<any>(resources).find(
    ([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith('AWS679'),
  )![1];

  test("creates the provider Lambda only once the calls' policies exist, so IAM has them before the first call", () => {
    expect(provider.DependsOn).toContain(id(first));
  });

  test('leaves out a policy that waits for something, which could be a call of this very Lambda', () => {
    // The second policy waits for the first call, which needs the Lambda: waiting for it would be a cycle.
    expect(resources[id(second)].DependsOn).toContain(
      stack.getLogicalId(first.node.findChild('Resource').node.defaultChild as any),
    );
    expect(provider.DependsOn).not.toContain(id(second));
  });
});

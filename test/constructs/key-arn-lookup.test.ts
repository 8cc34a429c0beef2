import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { KeyArnLookup } from '../../lib/constructs/key-arn-lookup';
import { newStack } from '../support/app';

const ALIAS_ARN = 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs';

function given(aliasArn = ALIAS_ARN) {
  const stack = newStack('333333333333', 'eu-west-1');
  const lookup = new KeyArnLookup(stack, 'LogKeyArn', { aliasArn, logGroup: new logs.LogGroup(stack, 'Logs') });
  return { stack, lookup, template: Template.fromStack(stack) };
}

describe('KeyArnLookup', () => {
  const { stack, lookup, template } = given();
  const [resource] = Object.values(template.findResources('Custom::KmsAliasTarget'));

  test('reads the key behind the alias in its region, on create and on every update', () => {
    const call = {
      service: 'KMS',
      action: 'DescribeKey',
      parameters: { KeyId: ALIAS_ARN },
      region: 'eu-west-1',
      physicalResourceId: { responsePath: 'KeyMetadata.Arn' },
      outputPaths: ['KeyMetadata.Arn'],
    };
    expect(JSON.parse(resource.Properties.Create)).toEqual(call);
    expect(JSON.parse(resource.Properties.Update)).toEqual(call);
    expect(resource.Properties.Delete).toBeUndefined();
  });

  test("gives the key ARN from the call's response", () => {
    expect(stack.resolve(lookup.keyArn)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'KeyMetadata.Arn'] });
  });

  test('may only describe a key of that account and region, and only by that alias', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kms:DescribeKey',
            Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
            Condition: { StringEquals: { 'kms:RequestAlias': 'alias/lz/logs' } },
          },
        ],
      },
    });
  });

  test('fails when given a key ARN or anything but an alias ARN', () => {
    expect(() => given('arn:aws:kms:eu-west-1:222222222222:key/abc')).toThrow(
      'aliasArn must be a KMS alias ARN such as arn:aws:kms:eu-west-1:111111111111:alias/x, got arn:aws:kms:eu-west-1:222222222222:key/abc',
    );
  });
});

import { type CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  OrganizationPolicies,
  type OrganizationPoliciesProps,
  type OrganizationPolicy,
} from '../../../lib/constructs/baseline/organization-policies';
import { s3BlockPublicAccessPolicy } from '../../../lib/constructs/baseline/s3-block-public-access-policy';
import { OrganizationPolicyTypes } from '../../../lib/constructs/management/organization-policy-types';
import { newStack } from '../../support/app';

const ORG = 'o-abcdefghij';
const ROOT = 'r-ab12';
const MANAGEMENT = '111111111111';

const S3: OrganizationPolicy = {
  id: 'S3BlockPublicAccess',
  type: 'S3_POLICY',
  name: 'lz-s3-block-public-access',
  description: 'S3 Block Public Access',
  content: s3BlockPublicAccessPolicy('all'),
  targetIds: [ROOT],
};
const RCP: OrganizationPolicy = {
  id: 'DataPerimeter',
  type: 'RESOURCE_CONTROL_POLICY',
  name: 'lz-data-perimeter',
  description: 'Data perimeter',
  content: { Version: '2012-10-17', Statement: [] },
  targetIds: [ROOT, 'ou-ab12-11111111'],
};

function givenPolicies(
  overrides: Partial<OrganizationPoliciesProps> = {},
  types = ['S3_POLICY', 'RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY'],
) {
  const stack = newStack(MANAGEMENT);
  const policyTypes = new OrganizationPolicyTypes(stack, 'PolicyTypes', {
    organizationId: ORG,
    rootId: ROOT,
    policyTypes: types,
  });
  const construct = new OrganizationPolicies(stack, 'Baseline', { policyTypes, policies: [S3, RCP], ...overrides });
  return { stack, construct, policyTypes, template: Template.fromStack(stack) };
}

const logicalId = (stack: Stack, c: Construct) =>
  stack.getLogicalId((c instanceof OrganizationPolicyTypes ? c.resource.node.defaultChild : c) as CfnResource);

describe('OrganizationPolicies', () => {
  const { stack, construct, policyTypes, template } = givenPolicies();

  test('creates each policy with its type, content and targets', () => {
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-s3-block-public-access',
      Type: 'S3_POLICY',
      Content: { s3_attributes: { public_access_block_configuration: { '@@assign': 'all' } } },
      TargetIds: [ROOT],
    });
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-data-perimeter',
      Type: 'RESOURCE_CONTROL_POLICY',
      TargetIds: [ROOT, 'ou-ab12-11111111'],
    });
  });

  test('attaches each policy once its type is enabled on the root, one policy after another', () => {
    const resources = template.toJSON().Resources;
    const types = logicalId(stack, policyTypes);
    const s3 = logicalId(stack, construct.policies.S3BlockPublicAccess);
    const rcp = logicalId(stack, construct.policies.DataPerimeter);
    expect(resources[s3].DependsOn).toContain(types);
    expect(resources[rcp].DependsOn).toEqual(expect.arrayContaining([types, s3]));
  });

  test('deleting a policy from the config detaches and deletes it: policies are not retained', () => {
    for (const policy of Object.values(template.findResources('AWS::Organizations::Policy'))) {
      expect(policy.DeletionPolicy).toBeUndefined();
    }
  });

  test('fails when a policy is of a type policyTypes does not enable', () => {
    expect(() => givenPolicies({}, ['S3_POLICY'])).toThrow(
      'policy lz-data-perimeter is a RESOURCE_CONTROL_POLICY, which policyTypes does not enable',
    );
  });

  test('fails when a policy is over its type size quota, naming the policy and the size', () => {
    const big = { ...RCP, content: { Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5200) }] } };
    expect(() => givenPolicies({ policies: [big] })).toThrow(
      /^policy lz-data-perimeter is 52\d\d characters, over the 5120-character quota of RESOURCE_CONTROL_POLICY$/,
    );
  });

  test('fails when a target would carry more SCPs than Organizations allows, counting FullAWSAccess', () => {
    const guardrails = ['a', 'b', 'c', 'd'].map((name) => ({
      type: 'SERVICE_CONTROL_POLICY' as const,
      name,
      targets: [ROOT],
    }));
    const region = { ...S3, type: 'SERVICE_CONTROL_POLICY' as const, name: 'lz-region-guardrail' };
    expect(() => givenPolicies({ policies: [region], otherAttachments: guardrails.slice(0, 3) })).not.toThrow();
    expect(() => givenPolicies({ policies: [region], otherAttachments: guardrails })).toThrow(
      'r-ab12 would carry 6 SERVICE_CONTROL_POLICYs (FullAWSAccess, a, b, c, d, lz-region-guardrail), over the 5 Organizations allows per target',
    );
  });
});

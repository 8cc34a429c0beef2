import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { guardrailPolicies, type GuardrailPoliciesProps } from './guardrail-policies';

export interface ScpGuardrailsProps extends GuardrailPoliciesProps {
  readonly organizationId: string;
  /** The organization's root; SCPs must be enabled on it before any can be attached. */
  readonly rootId: string;
  /** Root or OU IDs the policies attach to. */
  readonly targetIds: readonly string[];
  /** Every policy name starts with it, e.g. `lz`. */
  readonly namePrefix: string;
  /** Log group of the stack's AwsCustomResource provider Lambda. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * The guardrail service control policies (native `AWS::Organizations::Policy`),
 * attached to the configured targets, after making sure the organization has
 * the SCP policy type enabled, which a fresh organization does not.
 */
export class ScpGuardrails extends Construct {
  readonly policies: readonly organizations.CfnPolicy[];

  constructor(scope: Construct, id: string, props: ScpGuardrailsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.targetIds.length === 0) throw new Error('targetIds must name at least one root or OU ID, got none');
    const badTarget = props.targetIds.find((t) => !Token.isUnresolved(t) && !/^(r-|ou-)[0-9a-z-]+$/.test(t));
    if (badTarget) throw new Error(`targetIds must be root or OU IDs, got ${badTarget}`);

    const enableCall = {
      service: 'Organizations',
      action: 'EnablePolicyType',
      parameters: { RootId: props.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' },
      region: 'us-east-1',
      physicalResourceId: PhysicalResourceId.of(`scp-policy-type-${props.rootId}`),
      // Enabled already, as in every organization that uses SCPs: the desired state holds.
      ignoreErrorCodesMatching: 'PolicyTypeAlreadyEnabledException',
    };
    const policyType = new AwsCustomResource(this, 'PolicyType', {
      resourceType: 'Custom::OrganizationsPolicyType',
      installLatestAwsSdk: false,
      logGroup: props.logGroup,
      onCreate: enableCall,
      onUpdate: enableCall,
      // Left enabled on delete: disabling the type would detach every SCP of the organization.
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['organizations:EnablePolicyType'],
          resources: [`arn:aws:organizations::${stack.account}:root/${props.organizationId}/${props.rootId}`],
          conditions: { StringEquals: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' } },
        }),
        new iam.PolicyStatement({ actions: ['organizations:DescribeOrganization'], resources: ['*'] }),
      ]),
    });
    Validations.of(policyType).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'organizations:DescribeOrganization, which EnablePolicyType needs to read the organization, accepts no resource ARN; enabling is scoped to the root and the SCP type.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'AwsCustomResource attaches this call its own policy on the provider role, holding only the EnablePolicyType statements; a managed policy would add no reuse.',
      },
    );

    this.policies = guardrailPolicies(props).map((policy) => {
      const resource = new organizations.CfnPolicy(
        this,
        policy.name.replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase()),
        {
          name: `${props.namePrefix}-${policy.name}`,
          description: policy.description,
          type: 'SERVICE_CONTROL_POLICY',
          content: policy.document,
          targetIds: [...props.targetIds],
        },
      );
      resource.node.addDependency(policyType);
      return resource;
    });
  }
}

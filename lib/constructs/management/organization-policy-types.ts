import * as path from 'node:path';
import { CustomResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InlineHandlerProvider } from '../inline-handler-provider';

export interface OrganizationPolicyTypesProps {
  readonly organizationId: string;
  /** The organization's root, where policy types are enabled. */
  readonly rootId: string;
  /** Policy types to enable, such as `SERVICE_CONTROL_POLICY`; enabled in this order. */
  readonly policyTypes: readonly string[];
}

/**
 * Enables organization policy types on the root and completes only once the
 * root reports each of them ENABLED, since EnablePolicyType is asynchronous
 * and a fresh organization has none enabled: a policy of the type can then be
 * attached. CloudFormation has no resource for it. An enabled type is
 * accepted; deleting leaves every type enabled, since disabling one would
 * detach every policy of that type in the organization. Policies depend on it.
 */
export class OrganizationPolicyTypes extends Construct {
  readonly resource: CustomResource;
  /** The types it enables. */
  readonly types: readonly string[];

  constructor(scope: Construct, id: string, props: OrganizationPolicyTypesProps) {
    super(scope, id);
    if (props.policyTypes.length === 0) throw new Error('policyTypes must name at least one policy type, got none');
    const bad = props.policyTypes.find((t) => !/^[A-Z][A-Z0-9_]+$/.test(t));
    if (bad)
      throw new Error(`policyTypes must be Organizations policy types such as SERVICE_CONTROL_POLICY, got ${bad}`);
    this.types = [...props.policyTypes];
    const management = Stack.of(this).account;
    const provider = new InlineHandlerProvider(this, 'Provider', {
      description: 'Enables organization policy types on the root and waits until they are ENABLED',
      handlerDir: path.join(__dirname, 'policy-types-handler'),
      statements: [
        new iam.PolicyStatement({
          actions: ['organizations:EnablePolicyType'],
          resources: [`arn:aws:organizations::${management}:root/${props.organizationId}/${props.rootId}`],
          conditions: { StringEquals: { 'organizations:PolicyType': [...props.policyTypes] } },
        }),
        new iam.PolicyStatement({ actions: ['organizations:ListRoots'], resources: ['*'] }),
      ],
      wildcardReason:
        'organizations:ListRoots, which the handler polls for the status of each type, accepts no resource ARN and only reads; enabling is scoped to the root and the named policy types.',
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::OrganizationPolicyTypes',
      properties: { RootId: props.rootId, PolicyTypes: [...props.policyTypes] },
    });
  }
}

import { Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, type IDependable } from 'constructs';
import { guardrailPolicies, type GuardrailPoliciesProps } from './guardrail-policies';

export interface ScpGuardrailsProps extends GuardrailPoliciesProps {
  /** Root or OU IDs the policies attach to. */
  readonly targetIds: readonly string[];
  /** Every policy name starts with it, e.g. `lz`. */
  readonly namePrefix: string;
  /**
   * What enables the SCP policy type on the root and waits until it is
   * ENABLED (`OrganizationPolicyTypes`); the policies attach only after it.
   */
  readonly policyTypes: IDependable;
}

/**
 * The guardrail service control policies (native `AWS::Organizations::Policy`),
 * attached to the configured targets once the SCP policy type is enabled,
 * which a fresh organization does not have.
 */
export class ScpGuardrails extends Construct {
  readonly policies: readonly organizations.CfnPolicy[];

  constructor(scope: Construct, id: string, props: ScpGuardrailsProps) {
    super(scope, id);
    if (props.targetIds.length === 0) throw new Error('targetIds must name at least one root or OU ID, got none');
    const badTarget = props.targetIds.find((t) => !Token.isUnresolved(t) && !/^(r-|ou-)[0-9a-z-]+$/.test(t));
    if (badTarget) throw new Error(`targetIds must be root or OU IDs, got ${badTarget}`);

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
      resource.node.addDependency(props.policyTypes);
      return resource;
    });
  }
}

import { Construct } from 'constructs';
import { InspectorAdmin } from '../management/inspector-admin';
import { OrganizationPolicies, type OrganizationPoliciesProps } from './organization-policies';

export interface OrganizationBaselineProps extends OrganizationPoliciesProps {
  /**
   * Register this account as Inspector's delegated administrator in these
   * regions first, as the Inspector policy requires.
   * @default - no Inspector administrator is registered
   */
  readonly inspectorAdmin?: { readonly adminAccountId: string; readonly regions: readonly string[] };
}

/**
 * The management account's part of the preventive baseline: the Inspector
 * delegated administrator, then the baseline's organization policies, each
 * once its type is enabled. The EBS encryption StackSet runs from audit.
 */
export class OrganizationBaseline extends Construct {
  readonly inspectorAdmin?: InspectorAdmin;
  readonly policies: OrganizationPolicies;

  constructor(scope: Construct, id: string, props: OrganizationBaselineProps) {
    super(scope, id);
    const { inspectorAdmin, ...policies } = props;
    if (inspectorAdmin) {
      this.inspectorAdmin = new InspectorAdmin(this, 'InspectorAdmin', {
        ...inspectorAdmin,
        organizationId: props.organizationId,
      });
    }
    this.policies = new OrganizationPolicies(this, 'Policies', policies);
    // An Inspector policy needs its delegated administrator, and Organizations takes one change at a time.
    if (this.inspectorAdmin) this.policies.node.addDependency(this.inspectorAdmin);
  }
}

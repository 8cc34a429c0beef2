import { Stack } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

/** A control switched off everywhere, and why. */
export interface DisabledControl {
  /** Security control ID, e.g. `IAM.6`. */
  readonly id: string;
  readonly reason: string;
}

/** Where the configuration policy applies: the organization's root or one OU. */
export interface PolicyTarget {
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
  readonly id: string;
}

export interface SecurityHubCentralConfigurationProps {
  /** @default 'landing-zone-baseline' */
  readonly policyName?: string;
  /** Regions whose findings and configuration join this (home) region's; the home region itself is left out. */
  readonly linkedRegions: readonly string[];
  /**
   * Every region of the partition. CloudFormation knows no `NO_REGIONS` linking
   * mode, so when no region is linked the aggregator links every region except
   * these, which leaves only regions launched later.
   * @default - required only when linkedRegions is empty
   */
  readonly partitionRegions?: readonly string[];
  /** Standards to enable, by the part of their ARN after `standards/`. */
  readonly standards: readonly string[];
  /** @default - every control of the enabled standards is on */
  readonly disabledControls?: readonly DisabledControl[];
  readonly targets: readonly PolicyTarget[];
  /**
   * Whether Config.1 also fails accounts whose recorder does not use AWS
   * Config's service-linked role. Turn it off when recorders run under a
   * dedicated role (this landing zone's StackSet, or Control Tower).
   * @default true
   */
  readonly configServiceLinkedRoleCheck?: boolean;
}

/**
 * Security Hub for the whole organization from the delegated administrator, all
 * with native resources, in the order Security Hub requires: the finding
 * aggregator makes this the home region, central configuration is switched on,
 * then one configuration policy is associated with the root or OUs.
 * The delegated administrator itself is registered by the management account.
 */
export class SecurityHubCentralConfiguration extends Construct {
  readonly aggregator: securityhub.CfnFindingAggregator;
  readonly policy: securityhub.CfnConfigurationPolicy;

  constructor(scope: Construct, id: string, props: SecurityHubCentralConfigurationProps) {
    super(scope, id);
    const home = Stack.of(this).region;
    if (props.linkedRegions.includes(home)) {
      throw new Error(`linkedRegions must not include the home region, got ${props.linkedRegions.join(', ')}`);
    }
    if (props.targets.length === 0) throw new Error('targets must name at least one root or OU, got none');
    if (props.standards.length === 0) throw new Error('standards must name at least one standard, got none');

    this.aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', linking(home, props));

    // Central configuration owns enablement; new accounts get the policy of their OU instead.
    const organization = new securityhub.CfnOrganizationConfiguration(this, 'OrganizationConfiguration', {
      configurationType: 'CENTRAL',
      autoEnable: false,
      autoEnableStandards: 'NONE',
    });
    organization.node.addDependency(this.aggregator);

    const disabled = props.disabledControls ?? [];
    this.policy = new securityhub.CfnConfigurationPolicy(this, 'Policy', {
      name: props.policyName ?? 'landing-zone-baseline',
      description: 'Security Hub, the landing zone standards and controls, for every account in every governed region',
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: props.standards.map((s) => `arn:aws:securityhub:${home}::standards/${s}`),
          securityControlsConfiguration: {
            disabledSecurityControlIdentifiers: disabled.map((c) => c.id),
            securityControlCustomParameters:
              props.configServiceLinkedRoleCheck === false
                ? [
                    {
                      securityControlId: 'Config.1',
                      parameters: {
                        includeConfigServiceLinkedRoleCheck: { valueType: 'CUSTOM', value: { boolean: false } },
                      },
                    },
                  ]
                : undefined,
          },
        },
      },
    });
    this.policy.node.addDependency(organization);
    // The policy has no field for reasons; they travel with the template for reviewers and auditors.
    if (disabled.length > 0) {
      this.policy.cfnOptions.metadata = {
        DisabledControlReasons: Object.fromEntries(disabled.map((c) => [c.id, c.reason])),
      };
    }

    props.targets.forEach((target, i) => {
      new securityhub.CfnPolicyAssociation(this, i === 0 ? 'Association' : `Association${i + 1}`, {
        configurationPolicyId: this.policy.attrId,
        targetType: target.type,
        targetId: target.id,
      });
    });
  }
}

function linking(home: string, props: SecurityHubCentralConfigurationProps): securityhub.CfnFindingAggregatorProps {
  if (props.linkedRegions.length > 0) {
    return { regionLinkingMode: 'SPECIFIED_REGIONS', regions: [...props.linkedRegions] };
  }
  const others = (props.partitionRegions ?? []).filter((r) => r !== home);
  if (others.length === 0) {
    throw new Error('partitionRegions must list the other regions when no region is linked, got none');
  }
  return { regionLinkingMode: 'ALL_REGIONS_EXCEPT_SPECIFIED', regions: others };
}

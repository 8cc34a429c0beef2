import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { OrganizationServiceAccess, STACKSETS_SERVICE_PRINCIPAL } from './organization-service-access';
import { ServiceDelegatedAdmin } from './service-delegated-admin';

export interface SecurityServiceDelegationsProps {
  readonly organizationId: string;
  /** Administers GuardDuty, Security Hub, AWS Config, Access Analyzer and the member StackSets. */
  readonly auditAccountId: string;
  /** GuardDuty's delegation is regional: one designation per governed region. */
  readonly governedRegions: readonly string[];
  /** Log group of the stack's AwsCustomResource provider Lambda. */
  readonly logGroup: logs.ILogGroup;
  /**
   * Keep the AWS::SecurityHub::DelegatedAdmin that versions up to 0.2 designated
   * Security Hub's administrator with, now retained, so that a later version
   * can drop it without CloudFormation disabling the administrator. Only a
   * Management stack created by this version may leave it out.
   * @default true
   */
  readonly legacySecurityHubAdmin?: boolean;
}

/**
 * Trusted access for every security service the landing zone uses and the
 * audit account as their delegated administrator. Organizations rejects
 * concurrent changes, so every call waits for the one before it; CloudTrail
 * comes first so the trail never waits on a slow or failing delegation.
 * Only the calls wait: every role and policy they need is created at the
 * start, long before the call, since IAM applies a new policy only after a
 * while. Security Lake gets trusted access only: its administrator
 * (log-archive) is registered through Security Lake's own API, which needs
 * this first. Every designation outlives the stack.
 */
export class SecurityServiceDelegations extends Construct {
  readonly cloudTrail: OrganizationServiceAccess;
  readonly guardDutyAdmin: ServiceDelegatedAdmin;
  readonly securityHubAdmin: ServiceDelegatedAdmin;
  /** The 0.2 designation, kept one more version with a retain policy; absent when left out. */
  readonly legacySecurityHubAdmin?: securityhub.CfnDelegatedAdmin;
  readonly securityLake: OrganizationServiceAccess;

  constructor(scope: Construct, id: string, props: SecurityServiceDelegationsProps) {
    super(scope, id);
    const audit = props.auditAccountId;
    let previous: readonly IConstruct[] = [];
    const step = <T extends IConstruct>(construct: T, calls: readonly IConstruct[]): T => {
      for (const call of calls) call.node.addDependency(...previous);
      previous = calls;
      return construct;
    };
    const access = (construct: string, servicePrincipal: string, delegatedAdministrator?: string) => {
      const created = new OrganizationServiceAccess(this, construct, {
        servicePrincipal,
        delegatedAdministrator,
        organizationId: props.organizationId,
        logGroup: props.logGroup,
      });
      return step(created, created.calls);
    };
    const admin = (construct: string, service: 'guardduty' | 'securityhub', regions: readonly string[]) => {
      const created = new ServiceDelegatedAdmin(this, construct, {
        service,
        adminAccountId: audit,
        regions,
        organizationId: props.organizationId,
      });
      return step(created, [created.resource]);
    };

    this.cloudTrail = access('CloudTrail', 'cloudtrail.amazonaws.com');
    access('Config', 'config.amazonaws.com', audit);
    // Organization Config rules and conformance packs are delegated separately.
    access('ConfigRules', 'config-multiaccountsetup.amazonaws.com', audit);
    access('AccessAnalyzer', 'access-analyzer.amazonaws.com', audit);
    // Audit deploys the member-account baseline StackSets (CallAs DELEGATED_ADMIN).
    access('StackSets', STACKSETS_SERVICE_PRINCIPAL, audit);
    access('GuardDuty', 'guardduty.amazonaws.com');
    this.guardDutyAdmin = admin('GuardDutyDelegatedAdmin', 'guardduty', props.governedRegions);
    // With an administrator other than the management account, GuardDuty-initiated malware scans need this trusted
    // access, so the administrator may create their service-linked role in member accounts ("Enabling
    // GuardDuty-initiated malware scan in multiple-account environments", GuardDuty user guide).
    access('GuardDutyMalwareProtection', 'malware-protection.guardduty.amazonaws.com');
    access('SecurityHub', 'securityhub.amazonaws.com');
    if (props.legacySecurityHubAdmin ?? true) {
      // Same construct ID, so the same logical ID as 0.2's. CloudFormation deletes a resource removed from a
      // template by the DeletionPolicy it was deployed with ("DeletionPolicy attribute", CloudFormation
      // User Guide), and 0.2 deployed this one with Delete: its delete handler calls
      // DisableOrganizationAdminAccount. Deployed once with a retain policy, a later version may remove it.
      // It comes first: created after the custom resource, it would meet the designation already there.
      const legacy = new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: audit });
      // RetainExceptOnCreate: a rolled-back first create takes its designation back, so the retry is clean.
      legacy.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
      this.legacySecurityHubAdmin = step(legacy, [legacy]);
    }
    // The home region only: "Ensure that you designate your delegated administrator in your intended home
    // Region. When you start using central configuration, the same delegated administrator is automatically
    // set in all linked Regions as well" ("Enabling central configuration in Security Hub CSPM").
    this.securityHubAdmin = admin('SecurityHubDelegatedAdmin', 'securityhub', [Stack.of(this).region]);
    this.securityLake = access('SecurityLake', 'securitylake.amazonaws.com');
  }
}

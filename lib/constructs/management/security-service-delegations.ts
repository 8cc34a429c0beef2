import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { GuardDutyAdmin } from './guardduty-admin';
import { OrganizationServiceAccess, STACKSETS_SERVICE_PRINCIPAL } from './organization-service-access';

export interface SecurityServiceDelegationsProps {
  readonly organizationId: string;
  /** Administers GuardDuty, Security Hub, AWS Config, Access Analyzer and the member StackSets. */
  readonly auditAccountId: string;
  /** GuardDuty's delegation is regional: one designation per governed region. */
  readonly governedRegions: readonly string[];
  /** Log group of the stack's AwsCustomResource provider Lambda. */
  readonly logGroup: logs.ILogGroup;
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
 * this first.
 */
export class SecurityServiceDelegations extends Construct {
  readonly cloudTrail: OrganizationServiceAccess;
  readonly guardDutyAdmin: GuardDutyAdmin;
  readonly securityHubAdmin: securityhub.CfnDelegatedAdmin;
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

    this.cloudTrail = access('CloudTrail', 'cloudtrail.amazonaws.com');
    access('Config', 'config.amazonaws.com', audit);
    // Organization Config rules and conformance packs are delegated separately.
    access('ConfigRules', 'config-multiaccountsetup.amazonaws.com', audit);
    access('AccessAnalyzer', 'access-analyzer.amazonaws.com', audit);
    // Audit deploys the member-account baseline StackSets (CallAs DELEGATED_ADMIN).
    access('StackSets', STACKSETS_SERVICE_PRINCIPAL, audit);
    access('GuardDuty', 'guardduty.amazonaws.com');
    const guardDutyAdmin = new GuardDutyAdmin(this, 'GuardDutyAdmin', {
      adminAccountId: audit,
      regions: props.governedRegions,
      organizationId: props.organizationId,
    });
    this.guardDutyAdmin = step(guardDutyAdmin, [guardDutyAdmin.resource]);
    // With an administrator other than the management account, GuardDuty-initiated malware scans need this trusted
    // access, so the administrator may create their service-linked role in member accounts ("Enabling
    // GuardDuty-initiated malware scan in multiple-account environments", GuardDuty user guide).
    access('GuardDutyMalwareProtection', 'malware-protection.guardduty.amazonaws.com');
    access('SecurityHub', 'securityhub.amazonaws.com');
    // In the home region; central configuration extends it to the linked regions.
    const securityHubAdmin = new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: audit });
    this.securityHubAdmin = step(securityHubAdmin, [securityHubAdmin]);
    this.securityLake = access('SecurityLake', 'securitylake.amazonaws.com');
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import type { LogSource } from '../constructs/security-lake/log-sources';
import { OrganizationAutoEnable } from '../constructs/security-lake/organization-auto-enable';

export interface SecurityLakeOrganizationStackProps extends StackProps {
  /** Every region with a data lake, the one to call Security Lake in first. */
  readonly lakeRegions: readonly string[];
  readonly sources: readonly LogSource[];
}

/**
 * Security Lake's organization-wide settings, in the log-archive account's
 * home region: the sources every account that joins the organization later
 * gets, in every lake region. It deploys after every region's lake.
 */
export class SecurityLakeOrganizationStack extends Stack {
  readonly autoEnable: OrganizationAutoEnable;

  constructor(scope: Construct, id: string, props: SecurityLakeOrganizationStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
    this.autoEnable = new OrganizationAutoEnable(this, 'AutoEnableNewAccounts', {
      regions: props.lakeRegions,
      sources: props.sources,
      logGroup: providerLogs.logGroup,
    });
    providerLogs.acknowledgeProvider();
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SecurityLakeConfig } from '../config/security-lake';
import { CustomResourceProviderLogs } from '../constructs/custom-resource-provider';
import { LakeFormationRole } from '../constructs/security-lake/lake-formation-role';
import { MetaStoreManagerRole } from '../constructs/security-lake/meta-store-manager-role';
import { ReplicationRole } from '../constructs/security-lake/replication-role';
import type { Naming } from '../naming';

export interface SecurityLakePrerequisitesStackProps extends StackProps {
  readonly naming: Naming;
  readonly securityLake: SecurityLakeConfig;
  readonly governedRegions: readonly string[];
}

/**
 * The account-wide IAM roles every region's Security Lake needs before its data
 * lake and key can be created (the key names them). IAM is global, so they live in one stack of their own
 * that deploys first; the region stacks then deploy rollup region first.
 */
export class SecurityLakePrerequisitesStack extends Stack {
  readonly metaStoreManagerRole: MetaStoreManagerRole;
  readonly lakeFormationRole: LakeFormationRole;
  readonly replicationRole?: ReplicationRole;

  constructor(scope: Construct, id: string, props: SecurityLakePrerequisitesStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, securityLake, governedRegions } = props;
    this.metaStoreManagerRole = new MetaStoreManagerRole(this, 'MetaStoreManagerRole', {
      roleName: roleNameOf(naming.securityLakeMetaStoreManagerRoleArn),
    });
    const providerLogs = new CustomResourceProviderLogs(this, 'CustomResourceLogs');
    this.lakeFormationRole = new LakeFormationRole(this, 'LakeFormationRole', { logGroup: providerLogs.logGroup });
    providerLogs.acknowledgeProvider();
    const rollupRegion = securityLake.rollupRegion;
    if (rollupRegion) {
      this.replicationRole = new ReplicationRole(this, 'ReplicationRole', {
        roleName: roleNameOf(naming.securityLakeReplicationRoleArn),
        rollupRegion,
        contributingRegions: governedRegions.filter((r) => r !== rollupRegion),
      });
    }
  }
}

function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

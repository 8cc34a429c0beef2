import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LogArchiveConfig } from '../config/schema';
import { AccessLogBucket } from '../constructs/log-archive/access-log-bucket';
import { ConfigBucket } from '../constructs/log-archive/config-bucket';
import { GuardDutyFindingsBucket } from '../constructs/log-archive/guardduty-findings-bucket';
import { QueryResultsBucket } from '../constructs/investigation/query-results-bucket';
import { LogKey } from '../constructs/log-archive/log-key';
import { TrailBucket } from '../constructs/log-archive/trail-bucket';
import type { Naming } from '../naming';

export interface LogArchiveStackProps extends StackProps {
  readonly naming: Naming;
  readonly logArchive: LogArchiveConfig;
}

/** The log-archive account: where every account's evidence ends up. */
export class LogArchiveStack extends Stack {
  readonly logKey: LogKey;
  readonly trailBucket: TrailBucket;
  readonly configBucket: ConfigBucket;
  readonly accessLogBucket: AccessLogBucket;
  readonly queryResultsBucket: QueryResultsBucket;
  readonly guardDutyFindings: GuardDutyFindingsBucket;

  constructor(scope: Construct, id: string, props: LogArchiveStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, logArchive } = props;
    const organizationId = naming.organizationId;
    const trail = logArchive.trailBucket;
    // Every account reads its own prefix of the trail bucket, through S3 and the log key.
    const ownLogsReaderRoleName = logArchive.ownLogs.enabled ? naming.ownLogsReaderRoleName : undefined;

    this.logKey = new LogKey(this, 'LogKey', {
      alias: naming.logKeyAlias,
      trailArn: naming.trailArn,
      organizationId,
      investigatorRoleArn: naming.investigatorRoleArn,
      trailCreatorRoleArn: naming.deploymentRoleArn(naming.accounts.management, naming.homeRegion),
      // Config recorders (audit's StackSet, management's own) and the Athena workgroup (audit) need its key ARN.
      describingAccounts: [naming.accounts.management, naming.accounts.audit],
      ownLogsReaderRoleName,
    });
    const encryptionKey = this.logKey.key;

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: naming.accessLogBucketName,
      organizationId,
      expireAfterDays: logArchive.accessLogBucket.expireAfterDays,
    });
    const accessLogBucket = this.accessLogBucket.bucket;

    this.trailBucket = new TrailBucket(this, 'TrailBucket', {
      bucketName: naming.trailBucketName,
      encryptionKey,
      accessLogBucket,
      organizationId,
      trailArn: naming.trailArn,
      objectLock: trail.objectLock,
      mfaDelete: trail.mfaDelete,
      lifecycle: trail.lifecycle,
      deploymentRoleArn: naming.deploymentRoleArn(naming.accounts.logArchive, naming.homeRegion),
      investigatorRoleArn: naming.investigatorRoleArn,
      ownLogsReaderRoleName,
    });

    this.configBucket = new ConfigBucket(this, 'ConfigBucket', {
      bucketName: naming.configBucketName,
      encryptionKey,
      accessLogBucket,
      organizationId,
      ...logArchive.configBucket,
    });

    this.guardDutyFindings = new GuardDutyFindingsBucket(this, 'GuardDutyFindings', {
      bucketName: naming.guardDutyFindingsBucketName,
      keyAlias: naming.guardDutyFindingsKeyAlias,
      accessLogBucket,
      organizationId,
      auditAccount: naming.accounts.audit,
    });

    this.queryResultsBucket = new QueryResultsBucket(this, 'QueryResultsBucket', {
      bucketName: naming.queryResultsBucketName,
      encryptionKey,
      accessLogBucket,
      organizationId,
      investigatorRoleArn: naming.investigatorRoleArn,
    });

    new CfnOutput(this, 'TrailBucketDeleteProtection', {
      description: 'Which delete protection is in force on the trail bucket',
      value:
        trail.mfaDelete === 'vault'
          ? 'vault: true S3 MFA delete, enabled by the root user (npm run mfa-delete); no lifecycle rules'
          : 'policy: bucket policy denies deletes and protection changes without MFA; S3 MFA delete is off',
    });
  }
}

import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Naming } from '../../naming';
import { KeyArnLookup } from '../key-arn-lookup';
import type { ConfigRecorderTemplateProps } from './config-recorder-template';

export interface RecorderDelivery extends ConfigRecorderTemplateProps {
  /** ARN of the key that encrypts deliveries (a key ARN: AWS Config takes no alias). */
  readonly deliveryKeyArn: string;
}

/**
 * Where every Config recorder of the landing zone delivers, the members' from
 * the audit account and the management account's own alike: the log-archive
 * config bucket, through the log key, whose ARN is read at deploy time.
 */
export function recorderDelivery(scope: Construct, naming: Naming, providerLogs: logs.ILogGroup): RecorderDelivery {
  return {
    homeRegion: naming.homeRegion,
    bucketName: naming.configBucketName,
    bucketAccount: naming.accounts.logArchive,
    deliveryKeyArn: new KeyArnLookup(scope, 'LogKeyArn', { aliasArn: naming.logKeyAliasArn, logGroup: providerLogs })
      .keyArn,
    roleNamePrefix: naming.configRecorderRoleNamePrefix,
  };
}

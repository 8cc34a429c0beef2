import { Size, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import { Construct } from 'constructs';

export interface InvestigationWorkGroupProps {
  readonly workGroupName: string;
  /** The results bucket in the log-archive account. */
  readonly resultsBucketName: string;
  /** Account that owns the results bucket; Athena refuses to write to a bucket owned by anyone else. */
  readonly resultsBucketOwner: string;
  /** ARN of the key that encrypts query results: Athena's KmsKey takes a key ARN or ID, not an alias. */
  readonly encryptionKeyArn: string;
  /** A query that would scan more is cancelled. @default Size.tebibytes(1) */
  readonly bytesScannedCutoffPerQuery?: Size;
}

/**
 * The Athena workgroup investigators query the logs in. Its configuration is
 * enforced, so no query can send results elsewhere or unencrypted: results go
 * to a log-archive-owned bucket, SSE-KMS with the log key.
 */
export class InvestigationWorkGroup extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly workGroupArn: string;

  constructor(scope: Construct, id: string, props: InvestigationWorkGroupProps) {
    super(scope, id);
    if (!/^\d{12}$/.test(props.resultsBucketOwner)) {
      throw new Error(`resultsBucketOwner must be a 12-digit account ID, got ${props.resultsBucketOwner}`);
    }
    const cutoff = props.bytesScannedCutoffPerQuery ?? Size.tebibytes(1);
    // Athena's smallest allowed cutoff is 10 MB.
    if (cutoff.toBytes() < 10_000_000) {
      throw new Error(`bytesScannedCutoffPerQuery must be at least 10 MB, got ${cutoff.toBytes()} bytes`);
    }
    this.workGroup = new athena.CfnWorkGroup(this, 'Resource', {
      name: props.workGroupName,
      description: 'Investigates the organization trail in the log archive',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff.toBytes(),
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucketName}/${props.workGroupName}/`,
          expectedBucketOwner: props.resultsBucketOwner,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKeyArn },
        },
      },
    });
    this.workGroupArn = Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: props.workGroupName,
    });
  }
}

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { Construct } from 'constructs';

export interface LakeTransition {
  readonly storageClass: string;
  readonly days: number;
}

export interface DataLakeProps {
  readonly encryptionKey: kms.IKey;
  /** The metastore-manager role; it must exist before the lake is created. */
  readonly metaStoreManagerRoleArn: string;
  /** Storage-class moves, in the order they happen. */
  readonly transitions: readonly LakeTransition[];
  /** Days after which objects are deleted; later than the last transition. */
  readonly expireAfterDays: number;
  /** Replicate this region's data into that rollup region. @default - no replication */
  readonly replication?: { readonly rollupRegion: string; readonly roleArn: string };
}

/**
 * The Security Lake data lake of one region. Security Lake owns its bucket,
 * queues and Glue tables; this resource holds their settings. Retained, because
 * deleting it disables Security Lake in the region for the whole organization.
 */
export class DataLake extends Construct {
  readonly resource: securitylake.CfnDataLake;
  readonly dataLakeArn: string;

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    props.transitions.forEach((t, i) => {
      const previous = props.transitions[i - 1];
      if (previous && t.days <= previous.days) {
        throw new Error(`transitions must be in order of days, got ${t.days} after ${previous.days}`);
      }
    });
    const last = props.transitions.at(-1);
    if (last && props.expireAfterDays <= last.days) {
      throw new Error(
        `expireAfterDays must be later than the last transition (${last.days}), got ${props.expireAfterDays}`,
      );
    }
    if (props.replication?.rollupRegion === Stack.of(this).region) {
      throw new Error(`replication.rollupRegion must be another region, got ${props.replication.rollupRegion}`);
    }

    this.resource = new securitylake.CfnDataLake(this, 'Resource', {
      encryptionConfiguration: { kmsKeyId: props.encryptionKey.keyArn },
      metaStoreManagerRoleArn: props.metaStoreManagerRoleArn,
      lifecycleConfiguration: {
        transitions: props.transitions.length
          ? props.transitions.map((t) => ({ storageClass: t.storageClass, days: t.days }))
          : undefined,
        expiration: { days: props.expireAfterDays },
      },
      replicationConfiguration: props.replication && {
        regions: [props.replication.rollupRegion],
        roleArn: props.replication.roleArn,
      },
    });
    this.resource.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    this.dataLakeArn = this.resource.attrArn;
  }
}

import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { managementEventSelector, type ReadWrite } from './event-selectors';

export type LakeBillingMode = 'EXTENDABLE_RETENTION_PRICING' | 'FIXED_RETENTION_PRICING';

/** CloudTrail Lake's retention limits per billing mode, in days. */
const MAX_RETENTION: Record<LakeBillingMode, number> = {
  EXTENDABLE_RETENTION_PRICING: 3653,
  FIXED_RETENTION_PRICING: 2557,
};

export interface EventDataStoreProps {
  readonly name: string;
  /** @default 'EXTENDABLE_RETENTION_PRICING' */
  readonly billingMode?: LakeBillingMode;
  /** 7 to 3653 days with extendable retention pricing, 7 to 2557 with fixed. @default 366 */
  readonly retentionDays?: number;
  /** @default 'all' */
  readonly managementEvents?: ReadWrite;
}

/**
 * A CloudTrail Lake organization event data store: management events of every
 * account and region, encrypted with its own key, protected from termination
 * and retained if the stack lets go of it.
 *
 * CloudTrail Lake stopped accepting new customers on 2026-05-31; creating this
 * fails for an organization that was not a Lake customer before.
 */
export class EventDataStore extends Construct {
  readonly eventDataStore: cloudtrail.CfnEventDataStore;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EventDataStoreProps) {
    super(scope, id);
    const billingMode = props.billingMode ?? 'EXTENDABLE_RETENTION_PRICING';
    const retentionDays = props.retentionDays ?? 366;
    const max = MAX_RETENTION[billingMode];
    if (!Token.isUnresolved(retentionDays) && (retentionDays < 7 || retentionDays > max)) {
      throw new Error(`retentionDays must be 7 to ${max} days with ${billingMode}, got ${retentionDays}`);
    }

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the CloudTrail Lake event data store ${props.name}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // CloudTrail documents that an event data store's key policy cannot use
    // aws:SourceArn or aws:SourceAccount; the key serves this store alone instead.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsEventDataStore',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );

    this.eventDataStore = new cloudtrail.CfnEventDataStore(this, 'Resource', {
      name: props.name,
      organizationEnabled: true,
      multiRegionEnabled: true,
      terminationProtectionEnabled: true,
      billingMode,
      retentionPeriod: retentionDays,
      kmsKeyId: this.key.keyArn,
      advancedEventSelectors: [managementEventSelector(props.managementEvents ?? 'all')],
    });
    this.eventDataStore.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    // The store checks its key policy when it is created.
    this.eventDataStore.node.addDependency(this.key);
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ManagementConfig } from '../config/management';
import { EventDataStore } from '../constructs/management/event-data-store';
import type { Naming } from '../naming';

export interface CloudTrailLakeStackProps extends StackProps {
  readonly naming: Naming;
  /** The switch, billing mode and retention of the event data store. */
  readonly cloudTrailLake: ManagementConfig['cloudTrailLake'];
  /** Which management events the store keeps, as the trail does. */
  readonly managementEvents: ManagementConfig['trail']['managementEvents'];
}

/**
 * The CloudTrail Lake organization event data store, in the management
 * account, in a stack of its own. CloudTrail Lake closed to new customers on
 * 2026-05-31, so AWS may refuse to create the store: the refusal then rolls
 * back this stack alone, never the organization trail, trusted access or the
 * guardrails of the management stack. Nothing depends on it, and it is built
 * last, so `cdk deploy --all` reaches it after everything else.
 */
export class CloudTrailLakeStack extends Stack {
  readonly eventDataStore: EventDataStore;

  constructor(scope: Construct, id: string, props: CloudTrailLakeStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, cloudTrailLake } = props;
    this.eventDataStore = new EventDataStore(this, 'EventDataStore', {
      name: naming.eventDataStoreName,
      billingMode: cloudTrailLake.billingMode,
      retentionDays: cloudTrailLake.retentionDays,
      managementEvents: props.managementEvents,
    });
  }
}

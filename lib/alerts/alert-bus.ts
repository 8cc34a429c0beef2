import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IDependable } from 'constructs';

export interface AlertBusProps {
  readonly eventBusName: string;
  /** Only principals of this organization may put events. */
  readonly organizationId: string;
  /** ARN pattern of the forwarder roles of every account, e.g. `arn:aws:iam::*:role/lz-alert-forwarder-*`. */
  readonly forwarderRoleArnPattern: string;
}

/**
 * The event bus every account forwards its alert events to. Its policy admits
 * the forwarder roles of this organization's accounts and nothing else, so no
 * one can forge a "root sign-in" or silence one by flooding the bus.
 */
export class AlertBus extends Construct {
  readonly bus: events.EventBus;
  /** The bus policy: anything that puts events on the bus from another account waits for it. */
  readonly policy: IDependable;

  constructor(scope: Construct, id: string, props: AlertBusProps) {
    super(scope, id);
    if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new Error(`organizationId must be an organization ID, got ${props.organizationId}`);
    }
    this.bus = new events.EventBus(this, 'Resource', {
      eventBusName: props.eventBusName,
      description: 'Security events forwarded by every account of the organization, routed to Slack',
    });
    this.policy = this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationForwardersPutEvents',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          ArnLike: { 'aws:PrincipalArn': props.forwarderRoleArnPattern },
        },
      }),
    ).policyDependable!;
  }
}

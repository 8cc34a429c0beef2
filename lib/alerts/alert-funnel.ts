import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { funnelRules } from './routing';

export interface AlertFunnelProps {
  /** The alert bus, in this account and region. */
  readonly alertBus: events.IEventBus;
}

/**
 * Moves the findings that the audit account's default bus receives for the
 * whole organization (GuardDuty as delegated administrator, Security Hub as
 * aggregator) onto the alert bus, so every route reads one bus.
 */
export class AlertFunnel extends Construct {
  readonly role: iam.Role;
  readonly rules: readonly events.CfnRule[];

  constructor(scope: Construct, id: string, props: AlertFunnelProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets EventBridge put findings from the default bus onto the alert bus',
    });
    // A managed policy rather than an inline one, so the grant is a reviewable resource of its own.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Put events on the alert bus, nothing else',
      statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [props.alertBus.eventBusArn] })],
      roles: [this.role],
    });
    this.rules = funnelRules().map(
      (rule) =>
        new events.CfnRule(this, rule.id, {
          description: rule.description,
          eventPattern: rule.eventPattern,
          state: 'ENABLED',
          targets: [{ id: 'AlertBus', arn: props.alertBus.eventBusArn, roleArn: this.role.roleArn }],
        }),
    );
    // The role can put events only once its policy is attached.
    this.rules.forEach((rule) => rule.node.addDependency(policy));
  }
}

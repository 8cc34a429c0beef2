import { Stack, type StackProps } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import type { Construct } from 'constructs';
import { AlertBus } from '../alerts/alert-bus';
import { AlertForwarderStackSet } from '../alerts/alert-forwarder-stack-set';
import { AlertFunnel } from '../alerts/alert-funnel';
import { forwarderTemplateProps } from '../alerts/forwarder-template';
import { AlertKey } from '../alerts/alert-key';
import { watchedRegions } from '../alerts/forwarding';
import type { RoutingContext } from '../alerts/routing';
import { ChannelGuardrail } from '../alerts/slack-channel';
import { SlackRoute } from '../alerts/slack-route';
import { alertRoutes, healthRegions, type AlertsConfig } from '../config/alerts';
import type { OrganizationConfig } from '../config/organization';
import type { LandingZoneConfig } from '../config/schema';
import { loggingBaselineRules } from '../constructs/audit/logging-conformance-pack';
import type { Naming } from '../naming';
import { ManagementAlertingStack } from './management-alerting-stack';

export interface AlertingStackProps extends StackProps {
  readonly naming: Naming;
  readonly alerts: AlertsConfig;
  readonly organization: OrganizationConfig;
  readonly context: RoutingContext;
}

/**
 * Slack alerting, in the audit account's home region: the alert bus that every
 * account forwards to (through the StackSet here), the funnel from the default
 * bus where GuardDuty and Security Hub see the whole organization, and one
 * encrypted topic and Chatbot channel per route.
 */
export class AlertingStack extends Stack {
  readonly bus: AlertBus;
  readonly routes: readonly SlackRoute[];

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    // Deleting the stack would silence every alert: it must be a deliberate, two-step act.
    super(scope, id, { terminationProtection: true, ...props });
    const { naming, alerts, context } = props;

    const key = new AlertKey(this, 'AlertKey', {
      alias: `alias/${naming.prefix}/alerts`,
      topicArnPattern: `arn:aws:sns:${this.region}:${this.account}:${naming.prefix}-alerts-*`,
    });
    this.bus = new AlertBus(this, 'AlertBus', {
      eventBusName: naming.alertBusName,
      organizationId: naming.organizationId,
      forwarderRoleArnPattern: naming.alertForwarderRoleArnPattern,
    });
    new AlertFunnel(this, 'Funnel', { alertBus: this.bus.bus });
    const forwarders = new AlertForwarderStackSet(this, 'Forwarders', {
      stackSetName: `${naming.prefix}-alert-forwarders`,
      targets: [props.organization.rootId],
      regions: watchedRegions(context),
      ...forwarderTemplateProps(naming, context),
    });
    // Forwarders put events on the bus from the moment their instances exist: the policy must admit them first.
    forwarders.node.addDependency(this.bus.policy);

    const guardrail = new ChannelGuardrail(this, 'ChannelGuardrail', { mode: alerts.guardrail }).policy;
    // A route's name is its key in the config: IDs follow it, so reordering routes replaces nothing.
    this.routes = alertRoutes(alerts, props.organization).map(
      (route) =>
        new SlackRoute(this, `${pascalCase(route.name)}Route`, {
          route,
          context,
          eventBus: this.bus.bus,
          encryptionKey: key.key,
          topicName: `${naming.prefix}-alerts-${route.name}`,
          configurationName: `${naming.prefix}-${route.name}`,
          slackWorkspaceId: alerts.slackWorkspaceId,
          guardrail,
          loggingLevel: chatbot.LoggingLevel[alerts.loggingLevel],
        }),
    );
  }
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}

/** The alerting stacks, once the config has an `alerts` section. */
export interface AlertingStacks {
  readonly alerting: AlertingStack;
  /** The management account's forwarders (a StackSet over every watched region) and CIS alarm channel. */
  readonly management: ManagementAlertingStack;
}

/** Stacks the alerting stacks deploy after. */
export interface AlertingDependencies {
  /** The audit stack of the home region: GuardDuty and Security Hub administration. */
  readonly audit: Stack;
  /** The management stack, owner of the CIS alarm topic. @default - none yet */
  readonly management?: Stack;
}

/**
 * Builds the audit account's alerting stack and the management account's
 * alerting stack, in the home region. The latter deploys after the alerting
 * stack, whose bus it forwards to, and after the management stack, whose CIS
 * topic its channel subscribes to.
 */
export function buildAlertingStacks(
  scope: Construct,
  config: Pick<LandingZoneConfig, 'alerts' | 'organization' | 'regions' | 'logArchive'>,
  naming: Naming,
  dependencies: AlertingDependencies,
): AlertingStacks | undefined {
  const { alerts, regions } = config;
  if (!alerts) return undefined;
  const context: RoutingContext = {
    governedRegions: regions.governed,
    healthRegions: healthRegions(alerts, regions.governed),
    // The conformance pack's rule names; each account's copy carries a suffix, matched as a prefix.
    configRuleNamePrefixes: Object.keys(
      loggingBaselineRules({
        trailBucketName: naming.trailBucketName,
        vault: config.logArchive.trailBucket.mfaDelete === 'vault',
      }),
    ),
  };
  const alerting = new AlertingStack(scope, 'Alerting', {
    env: { account: naming.accounts.audit, region: regions.home },
    description: 'Landing zone alerting: alert bus, forwarder StackSet, encrypted topics and Slack channels per route',
    naming,
    alerts,
    organization: config.organization,
    context,
  });
  alerting.addStackDependency(dependencies.audit);
  if (dependencies.management) alerting.addStackDependency(dependencies.management);
  const management = new ManagementAlertingStack(scope, 'ManagementAlerting', {
    env: { account: naming.accounts.management, region: regions.home },
    description:
      'Landing zone alerting, management account: forwarder StackSet to the audit alert bus in every watched region, and the CIS alarm Slack channel',
    naming,
    alerts,
    context,
  });
  management.addStackDependency(alerting);
  if (dependencies.management) management.addStackDependency(dependencies.management);
  return { alerting, management };
}

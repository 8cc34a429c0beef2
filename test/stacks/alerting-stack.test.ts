import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { routeRules } from '../../lib/alerts/routing';
import { alertRoutes } from '../../lib/config/alerts';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { loggingBaselineRules } from '../../lib/constructs/audit/logging-conformance-pack';
import { Naming } from '../../lib/naming';
import { buildAlertingStacks, type AlertingStack } from '../../lib/stacks/alerting-stack';
import { configWith, exampleConfig, newApp } from '../support/app';

/**
 * Builds the alerting stacks alone, with empty stand-ins for the stacks they
 * deploy after; the gate tests synthesize them within the whole app.
 */
function buildAlerting(config: LandingZoneConfig = exampleConfig()) {
  const app = newApp();
  const env = (account: string) => ({ account, region: config.regions.home });
  const standIn = (id: string, account: string) => {
    const stack = new Stack(app, id, { env: env(account) });
    new CfnWaitConditionHandle(stack, 'StandIn'); // CloudFormation refuses an empty template
    return stack;
  };
  const audit = standIn('Audit-eu-west-1', config.accounts.audit);
  const management = standIn('Management', config.accounts.management);
  const stacks = buildAlertingStacks(app, config, new Naming(config), { audit, management });
  return { app, audit, management, stacks };
}

describe('Alerting stacks', () => {
  const config = exampleConfig();
  const { audit, management: managementStandIn, stacks } = buildAlerting(config);
  const alerting = stacks!.alerting;
  const template = Template.fromStack(alerting);
  const managementStack = stacks!.management;
  const management = Template.fromStack(managementStack);

  test('live in the audit and management accounts, after the audit and management stacks', () => {
    expect([alerting.account, alerting.region]).toEqual(['333333333333', 'eu-west-1']);
    expect(alerting.dependencies).toEqual(expect.arrayContaining([audit, managementStandIn]));
    // One management stack, in the home region, however many regions are watched.
    expect([managementStack.stackName, managementStack.account, managementStack.region]).toEqual([
      'ManagementAlerting',
      '111111111111',
      'eu-west-1',
    ]);
    expect(managementStack.dependencies).toEqual(expect.arrayContaining([alerting, managementStandIn]));
  });

  test('every stack has a description and termination protection', () => {
    for (const stack of [alerting, managementStack]) {
      expect((stack as Stack).templateOptions.description).toMatch(/^Landing zone alerting/);
      expect(stack.terminationProtection).toBe(true);
    }
  });

  test('one alert key encrypts one topic per route', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/alerts' });
    const keyArn = { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::KMS::Key'))[0], 'Arn'] };
    for (const name of ['security', 'payments', 'workloads']) {
      template.hasResourceProperties('AWS::SNS::Topic', { TopicName: `lz-alerts-${name}`, KmsMasterKeyId: keyArn });
    }
    template.resourceCountIs('AWS::SNS::Topic', 3);
  });

  test('each route has its Slack channel, with the read-only guardrail and logging on', () => {
    const channels = [
      ['lz-security', 'C0SECURITY1'],
      ['lz-payments', 'C0PAYMENTS1'],
      ['lz-workloads', 'C0WORKLOAD1'],
    ];
    for (const [name, channelId] of channels) {
      template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
        ConfigurationName: name,
        SlackWorkspaceId: 'T0EXAMPLE1',
        SlackChannelId: channelId,
        GuardrailPolicies: [
          Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/ReadOnlyAccess'])] }),
        ],
        LoggingLevel: 'INFO',
        UserRoleRequired: false,
      });
    }
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 3);
  });

  test("each route's rules listen on the alert bus and send to the route's own topic", () => {
    const alertingStack: AlertingStack = alerting;
    const context = {
      governedRegions: config.regions.governed,
      configRuleNamePrefixes: Object.keys(
        loggingBaselineRules({ trailBucketName: new Naming(config).trailBucketName, vault: false }),
      ),
    };
    const bus = alertingStack.resolve(alertingStack.bus.bus.eventBusName);
    const routes = alertRoutes(config.alerts!, config.organization);
    let count = 0;
    for (const route of routes) {
      const slackRoute = alertingStack.routes.find((r) => r.node.id.toLowerCase() === `${route.name}route`)!;
      const topicArn = alertingStack.resolve(slackRoute.topic.topic.topicArn);
      for (const rule of routeRules(route, context)) {
        count++;
        template.hasResourceProperties('AWS::Events::Rule', {
          EventBusName: bus,
          EventPattern: rule.eventPattern,
          Description: rule.description,
          Targets: [Match.objectLike({ Id: 'SlackTopic', Arn: topicArn })],
        });
      }
    }
    // 7 + 4 + 3 route rules, and the funnel's 3 on the default bus.
    expect(count).toBe(14);
    template.resourceCountIs('AWS::Events::Rule', 17);
  });

  test('team rules are limited to the accounts of the team, resolved from names and OUs', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^GuardDuty findings of severity 4\\+'),
      EventPattern: { detail: { severity: [{ numeric: ['>=', 4] }], accountId: ['444444444444'] } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^Baseline AWS Config rules'),
      EventPattern: Match.objectLike({
        account: ['444444444444'],
        detail: Match.objectLike({ configRuleName: Match.arrayWith([{ prefix: 'cloudtrail-enabled' }]) }),
      }),
    });
  });

  test('the alert bus admits only the forwarder roles of the organization', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'lz-security-alerts' });
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Principal: { AWS: '*' },
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' },
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/lz-alert-forwarder-*' },
        },
      }),
    });
  });

  test('the forwarder StackSet deploys only once the bus policy admits the forwarders', () => {
    const [policyId] = Object.keys(template.findResources('AWS::Events::EventBusPolicy'));
    template.hasResource('AWS::CloudFormation::StackSet', {
      Properties: Match.objectLike({ StackSetName: 'lz-alert-forwarders' }),
      DependsOn: Match.arrayWith([policyId]),
    });
  });

  test('the forwarder StackSet reaches every member account in the governed regions and us-east-1', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-alert-forwarders',
      CallAs: 'DELEGATED_ADMIN',
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['r-ex12'] },
          Regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        },
      ],
    });
  });

  test('Health regions apart from the governed ones are watched by both StackSets, and their rules follow them', () => {
    const tokyo = buildAlerting(
      configWith((raw) => {
        raw.alerts.health = { regions: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'] };
      }),
    ).stacks!;
    const regions = ['eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-northeast-3', 'us-east-1'];
    const member = Template.fromStack(tokyo.alerting);
    member.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-alert-forwarders',
      StackInstancesGroup: [Match.objectLike({ Regions: regions })],
    });
    Template.fromStack(tokyo.management).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [Match.objectLike({ Regions: regions })],
    });
    member.hasResourceProperties('AWS::Events::Rule', {
      Description: 'AWS Health events for the Health regions and global ones in every account',
      EventPattern: Match.objectLike({
        detail: { eventRegion: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1', 'global'] },
      }),
    });
  });

  test('the management account runs the very member template in every watched region, through its own StackSet', () => {
    const [memberStackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    management.resourceCountIs('AWS::CloudFormation::StackSet', 1);
    management.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-management-alert-forwarders',
      PermissionModel: 'SELF_MANAGED',
      AdministrationRoleARN: managementStack.resolve(managementStack.forwarders.administrationRole.roleArn),
      ExecutionRoleName: managementStack.resolve(managementStack.forwarders.executionRole.roleName),
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['111111111111'] }, Regions: ['eu-west-1', 'eu-central-1', 'us-east-1'] },
      ],
      TemplateBody: memberStackSet.Properties.TemplateBody,
    });
    // The rules and forwarder roles live in the stack instances, not in this stack.
    management.resourceCountIs('AWS::Events::Rule', 0);
    management.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-forwarder-stackset-admin' });
    management.hasResourceProperties('AWS::IAM::Role', { RoleName: 'lz-forwarder-stackset-exec' });
  });

  test('the CIS alarm topic reaches the security channel from the management account', () => {
    management.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'lz-cis-alarms',
      SlackWorkspaceId: 'T0EXAMPLE1',
      SlackChannelId: 'C0SECURITY1',
      SnsTopicArns: ['arn:aws:sns:eu-west-1:111111111111:lz-cis-alarms'],
      LoggingLevel: 'INFO',
    });
    management.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
  });

  test('a deny-all guardrail applies to the audit and management channels alike', () => {
    const denyAll = buildAlerting(
      configWith((raw) => {
        raw.alerts.guardrail = 'denyAll';
      }),
    ).stacks!;
    for (const stack of [denyAll.alerting, denyAll.management]) {
      const t = Template.fromStack(stack);
      const [policyId] = Object.keys(
        t.findResources('AWS::IAM::ManagedPolicy', {
          Properties: { PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } },
        }),
      );
      expect(policyId).toBeDefined();
      for (const channel of Object.values(t.findResources('AWS::Chatbot::SlackChannelConfiguration'))) {
        expect(channel.Properties.GuardrailPolicies).toEqual([{ Ref: policyId }]);
      }
    }
  });

  test('without an alerts section there are no alerting stacks', () => {
    const none = buildAlerting(
      configWith((raw) => {
        delete raw.alerts;
      }),
    );
    expect(none.stacks).toBeUndefined();
    expect(none.app.node.tryFindChild('Alerting')).toBeUndefined();
  });

  test('matches the snapshots', () => {
    expect(template.toJSON()).toMatchSnapshot();
    expect(management.toJSON()).toMatchSnapshot('ManagementAlerting');
  });
});

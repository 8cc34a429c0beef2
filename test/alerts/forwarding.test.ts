import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { AlertBus } from '../../lib/alerts/alert-bus';
import { AlertFunnel } from '../../lib/alerts/alert-funnel';
import { AlertForwarderStackSet } from '../../lib/alerts/alert-forwarder-stack-set';
import { matchesEventPattern } from '../../lib/alerts/event-pattern-matcher';
import { forwardingRuleName, watchedRegions, type ForwardingProps } from '../../lib/alerts/forwarding';
import { alertForwarderTemplate, type ForwarderTemplateProps } from '../../lib/alerts/forwarder-template';
import {
  ManagementForwarderStackSet,
  type ManagementForwarderStackSetProps,
} from '../../lib/alerts/management-forwarder-stack-set';
import {
  forwardingRules,
  funnelRules,
  publicHealthForwardingRule,
  regionalGuardDutyForwardingRule,
} from '../../lib/alerts/routing';
import { newApp, newStack } from '../support/app';
import { sampleEvent } from '../support/events';

const BUS = 'arn:aws:events:eu-west-1:333333333333:event-bus/lz-security-alerts';
const FORWARDING: ForwardingProps = {
  alertBusArn: BUS,
  roleNamePrefix: 'lz-alert-forwarder',
  ruleNamePrefix: 'lz',
  context: {
    governedRegions: ['eu-west-1', 'eu-central-1'],
    configRuleNamePrefixes: ['cloudtrail-enabled', 's3-bucket-public-read-prohibited'],
  },
};
const TEMPLATE_PROPS: ForwarderTemplateProps = { ...FORWARDING, auditAccount: '333333333333', homeRegion: 'eu-west-1' };

describe('forwarding', () => {
  test('watches the governed regions and us-east-1, where sign-ins and global events arrive', () => {
    const watched = (governedRegions: string[]) => watchedRegions({ ...FORWARDING.context, governedRegions });
    expect(watched(['eu-west-1', 'eu-central-1'])).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(watched(['us-east-1', 'eu-west-1'])).toEqual(['us-east-1', 'eu-west-1']);
  });

  test('watches the Health regions too, governed or not, since a Health event arrives only in its own region', () => {
    const context = { ...FORWARDING.context, healthRegions: ['ap-northeast-1', 'ap-northeast-3', 'eu-west-1'] };
    expect(watchedRegions(context)).toEqual([
      'eu-west-1',
      'eu-central-1',
      'ap-northeast-1',
      'ap-northeast-3',
      'us-east-1',
    ]);
  });

  test('names rules so a guardrail can protect them', () => {
    expect(forwardingRules(FORWARDING.context).map((r) => forwardingRuleName('lz', r))).toEqual([
      'lz-forward-trail-tampering',
      'lz-forward-root-sign-in',
      'lz-forward-config-non-compliance',
      'lz-forward-health-events',
    ]);
  });
});

describe('the member-account forwarder template', () => {
  const body = alertForwarderTemplate(TEMPLATE_PROPS);
  const template = Template.fromJSON(body as any);

  test('has one rule per forwarded kind, each to the alert bus through the forwarder role', () => {
    for (const rule of forwardingRules(FORWARDING.context)) {
      template.hasResource('AWS::Events::Rule', {
        DependsOn: 'ForwarderPolicy',
        Properties: {
          Name: forwardingRuleName('lz', rule),
          Description: rule.description,
          EventPattern: rule.eventPattern,
          State: 'ENABLED',
          Targets: [{ Id: 'AlertBus', Arn: BUS, RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] } }],
        },
      });
    }
  });

  test('the role is regional, trusted by EventBridge of its own account, and may only put events on the bus', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Sub': 'lz-alert-forwarder-${AWS::Region}' },
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: 'ForwarderRole' }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS }] },
    });
  });

  test('forwards GuardDuty findings only from the audit account outside the home region', () => {
    const guardDuty = regionalGuardDutyForwardingRule();
    template.hasResource('AWS::Events::Rule', {
      Condition: 'ForwardsGuardDutyFindings',
      Properties: Match.objectLike({ EventPattern: guardDuty.eventPattern }),
    });
    expect(body.Conditions).toEqual({
      IsAuditAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '333333333333'] },
      ForwardsGuardDutyFindings: {
        'Fn::And': [
          { Condition: 'IsAuditAccount' },
          { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] },
        ],
      },
    });
  });

  test('forwards public Health events only from the audit account, so they reach the bus once', () => {
    template.hasResource('AWS::Events::Rule', {
      Condition: 'IsAuditAccount',
      Properties: Match.objectLike({
        Name: 'lz-forward-public-health-events',
        EventPattern: publicHealthForwardingRule(FORWARDING.context).eventPattern,
      }),
    });
    expect(
      Object.entries(body.Resources)
        .filter(([, r]) => r.Condition)
        .map(([id]) => id),
    ).toEqual(['GuardDutyFindings', 'InspectorFindings', 'PublicHealthEvents']);
  });

  test('forwards the sample events that happen in an account', () => {
    const patterns = Object.values(body.Resources)
      .filter((r) => r.Type === 'AWS::Events::Rule')
      .map((r) => r.Properties.EventPattern as Record<string, unknown>);
    for (const name of ['cloudtrail-stop-logging', 'signin-root-console-login', 'health-scheduled-change']) {
      expect({ name, forwarded: patterns.some((p) => matchesEventPattern(p, sampleEvent(name))) }).toEqual({
        name,
        forwarded: true,
      });
    }
  });

  test('fails when given an account or bus of the wrong shape', () => {
    expect(() => alertForwarderTemplate({ ...TEMPLATE_PROPS, auditAccount: 'audit' })).toThrow(
      'auditAccount must be an account ID, got audit',
    );
    expect(() => alertForwarderTemplate({ ...TEMPLATE_PROPS, alertBusArn: 'lz-security-alerts' })).toThrow(
      'alertBusArn must be an event bus ARN, got lz-security-alerts',
    );
    expect(() => alertForwarderTemplate({ ...TEMPLATE_PROPS, roleNamePrefix: 'x'.repeat(50) })).toThrow(
      /roleNamePrefix must be at most 49 IAM name characters/,
    );
  });
});

describe('AlertForwarderStackSet', () => {
  const stack = newStack('333333333333');
  new AlertForwarderStackSet(stack, 'Forwarders', {
    ...TEMPLATE_PROPS,
    stackSetName: 'lz-alert-forwarders',
    targets: ['r-ex12'],
    regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
  });
  const template = Template.fromStack(stack);

  test('deploys the template to every account of the targets, present and future, as delegated administrator', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-alert-forwarders',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['r-ex12'] },
          Regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        },
      ],
      TemplateBody: JSON.stringify(alertForwarderTemplate(TEMPLATE_PROPS)),
    });
  });

  test('fails when it has no target or region', () => {
    const props = { ...TEMPLATE_PROPS, stackSetName: 'x', targets: ['r-ex12'], regions: ['eu-west-1'] };
    expect(() => new AlertForwarderStackSet(newStack(), 'S', { ...props, targets: [] })).toThrow(
      'targets must name at least one root or OU ID, got none',
    );
    expect(() => new AlertForwarderStackSet(newStack(), 'S', { ...props, regions: [] })).toThrow(
      'regions must name at least one region, got none',
    );
  });
});

const MANAGEMENT_PROPS: ManagementForwarderStackSetProps = {
  ...TEMPLATE_PROPS,
  stackSetName: 'lz-management-alert-forwarders',
  regions: ['eu-west-1', 'af-south-1', 'us-east-1'],
  optInRegions: ['af-south-1', 'ap-east-1'],
  administrationRoleName: 'lz-forwarder-stackset-admin',
  executionRoleName: 'lz-forwarder-stackset-exec',
};

describe('ManagementForwarderStackSet', () => {
  const stack = newStack('111111111111');
  const forwarders = new ManagementForwarderStackSet(stack, 'Forwarders', MANAGEMENT_PROPS);
  const template = Template.fromStack(stack);
  const policyOf = (role: iam.Role) =>
    Object.values(
      template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [stack.resolve(role.roleName)] } }),
    ).map((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);

  test('deploys the member template to this account itself, in every watched region, as a self-managed StackSet', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-management-alert-forwarders',
      PermissionModel: 'SELF_MANAGED',
      AdministrationRoleARN: stack.resolve(forwarders.administrationRole.roleArn),
      ExecutionRoleName: stack.resolve(forwarders.executionRole.roleName),
      AutoDeployment: Match.absent(),
      CallAs: Match.absent(),
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      OperationPreferences: Match.objectLike({ RegionConcurrencyType: 'PARALLEL' }),
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['111111111111'] }, Regions: ['eu-west-1', 'af-south-1', 'us-east-1'] },
      ],
      TemplateBody: JSON.stringify(alertForwarderTemplate(TEMPLATE_PROPS)),
    });
  });

  test('waits for both roles to hold their permissions, since stack instances deploy at once', () => {
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    const policies = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toHaveLength(2);
    expect(stackSet.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  test('only CloudFormation running this StackSet, also in the opt-in regions watched, may assume the administration role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-forwarder-stackset-admin',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Service: ['cloudformation.af-south-1.amazonaws.com', 'cloudformation.amazonaws.com'] },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: {
                'aws:SourceArn':
                  'arn:aws:cloudformation:eu-west-1:111111111111:stackset/lz-management-alert-forwarders:*',
              },
            },
          },
        ],
      },
    });
    expect(policyOf(forwarders.administrationRole)).toEqual([
      [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::111111111111:role/lz-forwarder-stackset-exec',
        },
      ],
    ]);
  });

  test('only the administration role may assume the execution role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'lz-forwarder-stackset-exec',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: stack.resolve(forwarders.administrationRole.roleArn) },
          },
        ],
      },
    });
  });

  test("the execution role may deploy the StackSet's stacks and the template's resources, by name, and nothing else", () => {
    const [statements] = policyOf(forwarders.executionRole);
    const grants = Object.fromEntries(statements.map((s) => [s.Sid, { actions: [s.Action].flat(), on: s.Resource }]));
    const roles = 'arn:aws:iam::111111111111:role/lz-alert-forwarder-*';
    const policies = 'arn:aws:iam::111111111111:policy/StackSet-lz-management-alert-forwarders-*';
    expect(grants).toEqual({
      StackInstances: {
        actions: ['cloudformation:*'],
        on: 'arn:aws:cloudformation:*:111111111111:stack/StackSet-lz-management-alert-forwarders-*',
      },
      ValidateTemplate: {
        actions: ['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'],
        on: '*',
      },
      ForwarderRoles: { actions: expect.arrayContaining(['iam:CreateRole', 'iam:DeleteRole']), on: roles },
      AttachForwarderPolicies: { actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], on: roles },
      PassForwarderRolesToEventBridge: { actions: ['iam:PassRole'], on: roles },
      ForwarderPolicies: { actions: expect.arrayContaining(['iam:CreatePolicy', 'iam:DeletePolicy']), on: policies },
      ForwardingRules: {
        actions: expect.arrayContaining(['events:PutRule', 'events:PutTargets', 'events:DeleteRule']),
        on: 'arn:aws:events:*:111111111111:rule/lz-forward-*',
      },
    });
    // No SNS or S3, no wildcard IAM or EventBridge action, no inline policy, boundary or instance profile.
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !/^(cloudformation|iam|events):[A-Za-z]+$/.test(a))).toEqual(['cloudformation:*']);
    expect(actions.filter((a) => /^iam:(Put|Delete)RolePolicy$|PermissionsBoundary|InstanceProfile/.test(a))).toEqual(
      [],
    );
  });

  test('the execution role may pass the forwarder roles to EventBridge alone, and attach only the StackSet policies', () => {
    const [statements] = policyOf(forwarders.executionRole);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
    expect(bySid('PassForwarderRolesToEventBridge').Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' },
    });
    expect(bySid('AttachForwarderPolicies').Condition).toEqual({
      ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::111111111111:policy/StackSet-lz-management-alert-forwarders-*' },
    });
  });

  test('has no unacknowledged cdk-nag findings', () => {
    // GIVEN the StackSet under both cdk-nag packs
    const app = newApp();
    const nagged = new Stack(app, 'ManagementAlerting', { env: { account: '111111111111', region: 'eu-west-1' } });
    new ManagementForwarderStackSet(nagged, 'Forwarders', MANAGEMENT_PROPS);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
    // WHEN it is synthesized THEN the validation report lists nothing
    const assembly = app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: any) => r.violations.map((v: any) => v.ruleName))).toEqual([]);
  });

  test('fails when it has no region, a name too long for its policy names, or roles that match the forwarder roles', () => {
    expect(() => new ManagementForwarderStackSet(newStack(), 'S', { ...MANAGEMENT_PROPS, regions: [] })).toThrow(
      'regions must name at least one region, got none',
    );
    expect(
      () =>
        new ManagementForwarderStackSet(newStack(), 'S', {
          ...MANAGEMENT_PROPS,
          executionRoleName: 'lz-alert-forwarder-exec',
        }),
    ).toThrow('executionRoleName must not match the forwarder roles lz-alert-forwarder-*, got lz-alert-forwarder-exec');
    expect(
      () => new ManagementForwarderStackSet(newStack(), 'S', { ...MANAGEMENT_PROPS, stackSetName: 'x'.repeat(53) }),
    ).toThrow(`stackSetName must be at most 52 characters, got ${'x'.repeat(53)}`);
  });
});

const FORWARDERS = 'arn:aws:iam::*:role/lz-alert-forwarder-*';

function givenBusAndFunnel() {
  const stack = newStack('333333333333');
  const bus = new AlertBus(stack, 'AlertBus', {
    eventBusName: 'lz-security-alerts',
    organizationId: 'o-exampleorg1',
    forwarderRoleArnPattern: FORWARDERS,
  });
  const funnel = new AlertFunnel(stack, 'Funnel', { alertBus: bus.bus });
  return { stack, bus, funnel, template: Template.fromStack(stack) };
}

const BUS_AND_FUNNEL = givenBusAndFunnel();

describe('AlertBus', () => {
  const { stack, bus, template } = BUS_AND_FUNNEL;

  test('is named for the forwarders, which address it by ARN', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'lz-security-alerts' });
  });

  test('its policy admits the forwarder roles of this organization and no one else', () => {
    template.resourceCountIs('AWS::Events::EventBusPolicy', 1);
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: stack.resolve(bus.bus.eventBusName),
      Statement: {
        Sid: Match.stringLikeRegexp('OrganizationForwardersPutEvents'),
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: stack.resolve(bus.bus.eventBusArn),
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' },
          ArnLike: { 'aws:PrincipalArn': FORWARDERS },
        },
      },
    });
  });

  test('fails when the organization ID has the wrong shape', () => {
    expect(
      () =>
        new AlertBus(newStack(), 'Bus', {
          eventBusName: 'x',
          organizationId: '333333333333',
          forwarderRoleArnPattern: FORWARDERS,
        }),
    ).toThrow('organizationId must be an organization ID, got 333333333333');
  });
});

describe('AlertFunnel', () => {
  const { stack, bus, funnel, template } = BUS_AND_FUNNEL;

  test('forwards GuardDuty and Security Hub findings from the default bus to the alert bus', () => {
    for (const rule of funnelRules()) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.absent(),
        EventPattern: rule.eventPattern,
        Targets: [
          { Id: 'AlertBus', Arn: stack.resolve(bus.bus.eventBusArn), RoleArn: stack.resolve(funnel.role.roleArn) },
        ],
      });
    }
  });

  test('its role may put events on the alert bus only, for EventBridge of this account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } },
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [stack.resolve(funnel.role.roleName)],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: stack.resolve(bus.bus.eventBusArn) }],
      },
    });
  });

  test('its rules wait for the policy that lets them deliver', () => {
    const policyId = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))[0];
    for (const rule of Object.values(template.findResources('AWS::Events::Rule'))) {
      expect(rule.DependsOn).toContain(policyId);
    }
  });
});

import {
  forwardingRuleName,
  forwardingRules,
  publicHealthForwardingRule,
  regionalGuardDutyForwardingRule,
  regionalInspectorForwardingRule,
  validateForwardingProps,
  type ForwardingProps,
} from './forwarding';
import type { Naming } from '../naming';
import type { AlertRule, RoutingContext } from './routing';

export interface ForwarderTemplateProps extends ForwardingProps {
  /** The audit account, GuardDuty's delegated administrator. */
  readonly auditAccount: string;
  /** The region of the alert bus, where the audit account's findings need no forwarding. */
  readonly homeRegion: string;
}

/**
 * The template's settings, from the landing zone's shared names. Member
 * accounts and the management account get them from here alike, so both
 * StackSets deploy the very same template.
 */
export function forwarderTemplateProps(naming: Naming, context: RoutingContext): ForwarderTemplateProps {
  return {
    alertBusArn: naming.alertBusArn,
    roleNamePrefix: naming.alertForwarderRoleNamePrefix,
    ruleNamePrefix: naming.prefix,
    auditAccount: naming.accounts.audit,
    homeRegion: naming.homeRegion,
    context,
  };
}

export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: string;
  readonly Description: string;
  readonly Conditions: Record<string, unknown>;
  readonly Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: string; Properties: Record<string, unknown> }
  >;
}

/**
 * The template every account, the management account included, runs in each
 * watched region: a role that may put events on the alert bus and nothing
 * else, and one rule per kind of event that reaches EventBridge only where it
 * happens. The audit account alone also forwards public Health events, which
 * every account receives alike, and outside the home region GuardDuty's
 * findings, which the delegated administrator receives per region. A plain
 * object, so that it can be tested; it becomes the StackSets' template body.
 */
export function alertForwarderTemplate(props: ForwarderTemplateProps): CfnTemplate {
  validateForwardingProps(props);
  if (!/^\d{12}$/.test(props.auditAccount))
    throw new Error(`auditAccount must be an account ID, got ${props.auditAccount}`);
  const target = { Id: 'AlertBus', Arn: props.alertBusArn, RoleArn: { 'Fn::GetAtt': ['ForwarderRole', 'Arn'] } };
  const ruleResource = (rule: AlertRule, condition?: string) => ({
    Type: 'AWS::Events::Rule',
    ...(condition && { Condition: condition }),
    // The role can put events only once its policy is attached.
    DependsOn: 'ForwarderPolicy',
    Properties: {
      Name: forwardingRuleName(props.ruleNamePrefix, rule),
      Description: rule.description,
      EventPattern: rule.eventPattern,
      State: 'ENABLED',
      Targets: [target],
    },
  });
  const guardDuty = regionalGuardDutyForwardingRule();
  const inspector = regionalInspectorForwardingRule();
  const publicHealth = publicHealthForwardingRule(props.context);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: "Landing zone: forwards this account and region's security events to the audit alert bus",
    Conditions: {
      IsAuditAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, props.auditAccount] },
      ForwardsGuardDutyFindings: {
        'Fn::And': [
          { Condition: 'IsAuditAccount' },
          { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, props.homeRegion] }] },
        ],
      },
    },
    Resources: {
      ForwarderRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: { 'Fn::Sub': `${props.roleNamePrefix}-\${AWS::Region}` },
          Description: 'Lets EventBridge forward security events to the audit alert bus',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
        },
      },
      // A managed policy rather than an inline one, as everywhere else in the landing zone.
      ForwarderPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          Description: 'Put events on the audit alert bus, nothing else',
          Roles: [{ Ref: 'ForwarderRole' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: props.alertBusArn }],
          },
        },
      },
      ...Object.fromEntries(forwardingRules(props.context).map((rule) => [rule.id, ruleResource(rule)])),
      [guardDuty.id]: ruleResource(guardDuty, 'ForwardsGuardDutyFindings'),
      // Inspector's delegated administrator is audit too, and receives findings per region alike.
      [inspector.id]: ruleResource(inspector, 'ForwardsGuardDutyFindings'),
      [publicHealth.id]: ruleResource(publicHealth, 'IsAuditAccount'),
    },
  };
}

import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type SelfManagedStackSetProps, selfManagedStackSet } from '../self-managed-stack-set';
import { loggingBaselineTemplate, type LoggingConformancePackProps } from './logging-conformance-pack';

export interface AuditRegionsProps
  extends
    Pick<LoggingConformancePackProps, 'packName' | 'trailBucketName' | 'vault' | 'excludedAccounts'>,
    Pick<
      SelfManagedStackSetProps,
      'stackSetName' | 'regions' | 'optInRegions' | 'administrationRoleName' | 'executionRoleName'
    > {
  /** The organization analyzer's name, the same in every region. */
  readonly analyzerName: string;
}

/**
 * The organization's IAM Access Analyzer and logging conformance pack in the
 * governed regions other than the home region, whose audit stack holds its
 * own: both are regional (an analyzer reports the resources of its region, a
 * conformance pack evaluates the recorders of its region), so a single pair
 * in the home region would leave every other governed region unchecked. A
 * self-managed StackSet deploys them in this (the delegated administrator)
 * account; its execution role may touch only these two resource types.
 */
export class AuditRegions extends Construct {
  readonly stackSet: cdk.CfnStackSet;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: AuditRegionsProps) {
    super(scope, id);
    const { account, region } = cdk.Stack.of(this);
    if (props.regions.includes(region)) {
      throw new Error(
        `regions must leave out the home region ${region}, whose audit stack has its own, got ${props.regions.join(', ')}`,
      );
    }
    const analyzers = `arn:aws:access-analyzer:*:${account}:analyzer/${props.analyzerName}`;
    const packs = `arn:aws:config:*:${account}:organization-conformance-pack/${props.packName}-*`;
    const multiAccountSetupRole = `arn:aws:iam::${account}:role/aws-service-role/config-multiaccountsetup.amazonaws.com/AWSServiceRoleForConfigMultiAccountSetup`;
    const serviceLinkedRole = (service: string, name: string) =>
      new iam.PolicyStatement({
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [`arn:aws:iam::${account}:role/aws-service-role/${service}/${name}`],
        conditions: { StringEquals: { 'iam:AWSServiceName': service } },
      });
    const stackSet = selfManagedStackSet(this, {
      stackSetName: props.stackSetName,
      description:
        'Landing zone: the organization Access Analyzer and logging conformance pack in every governed region but the home region',
      regions: props.regions,
      optInRegions: props.optInRegions,
      administrationRoleName: props.administrationRoleName,
      executionRoleName: props.executionRoleName,
      executionScope: 'organization analyzer and conformance pack',
      executionStatements: [
        new iam.PolicyStatement({
          sid: 'OrganizationAnalyzer',
          actions: [
            'access-analyzer:CreateAnalyzer',
            'access-analyzer:DeleteAnalyzer',
            'access-analyzer:GetAnalyzer',
            'access-analyzer:UpdateAnalyzer',
            'access-analyzer:ListArchiveRules',
            'access-analyzer:CreateArchiveRule',
            'access-analyzer:UpdateArchiveRule',
            'access-analyzer:DeleteArchiveRule',
            'access-analyzer:TagResource',
            'access-analyzer:UntagResource',
            'access-analyzer:ListTagsForResource',
          ],
          resources: [analyzers, `${analyzers}/archive-rule/*`],
        }),
        new iam.PolicyStatement({
          sid: 'OrganizationConformancePack',
          actions: [
            'config:PutOrganizationConformancePack',
            'config:DeleteOrganizationConformancePack',
            'config:GetOrganizationConformancePackDetailedStatus',
            'config:TagResource',
            'config:UntagResource',
            'config:ListTagsForResource',
          ],
          resources: [packs],
        }),
        new iam.PolicyStatement({
          sid: 'ReadWithoutResourceArns',
          // These list and describe calls accept no resource ARN (Service Authorization Reference).
          actions: [
            'access-analyzer:ListAnalyzers',
            'config:DescribeOrganizationConformancePacks',
            'config:DescribeOrganizationConformancePackStatuses',
            'organizations:ListAWSServiceAccessForOrganization',
            'organizations:ListDelegatedAdministrators',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'MultiAccountSetupForPacks',
          // The conformance pack's handler makes sure Config's multi-account service has trusted access
          // (which only the management account can grant), and runs the pack through its role.
          actions: ['organizations:EnableAWSServiceAccess'],
          resources: ['*'],
          conditions: { StringEquals: { 'organizations:ServicePrincipal': 'config-multiaccountsetup.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [multiAccountSetupRole],
          conditions: { StringEquals: { 'iam:PassedToService': 'config-multiaccountsetup.amazonaws.com' } },
        }),
        serviceLinkedRole('access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer'),
        serviceLinkedRole('config-conforms.amazonaws.com', 'AWSServiceRoleForConfigConforms'),
        serviceLinkedRole('config-multiaccountsetup.amazonaws.com', 'AWSServiceRoleForConfigMultiAccountSetup'),
      ],
      template: auditRegionTemplate(props),
    });
    cdk.Validations.of(stackSet.executionPolicy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${analyzers}]`,
        reason: `The one organization analyzer, ${props.analyzerName}, in each governed region; analyzer ARNs carry their region.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${analyzers}/archive-rule/*]`,
        reason: `Archive rules of the organization analyzer, which the analyzer's update handler may list and change.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${packs}]`,
        reason: `The one conformance pack, ${props.packName}, in each governed region; AWS Config appends a generated suffix to its ARN.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "Only calls that accept no resource ARN: reads of analyzers, conformance-pack statuses, delegated administrators and trusted access, CloudFormation template validation, and trusted access for AWS Config's multi-account service alone.",
      },
    );
    this.stackSet = stackSet.stackSet;
    this.executionRole = stackSet.executionRole;
  }
}

/** The template every governed region but the home one runs: the analyzer and the conformance pack. */
export function auditRegionTemplate(props: AuditRegionsProps): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Landing zone: the organization Access Analyzer and logging conformance pack of one region',
    Resources: {
      Analyzer: {
        Type: 'AWS::AccessAnalyzer::Analyzer',
        Properties: { AnalyzerName: props.analyzerName, Type: 'ORGANIZATION' },
      },
      LoggingConformancePack: {
        Type: 'AWS::Config::OrganizationConformancePack',
        Properties: {
          OrganizationConformancePackName: props.packName,
          TemplateBody: JSON.stringify(loggingBaselineTemplate(props)),
          ...(props.excludedAccounts?.length && { ExcludedAccounts: [...props.excludedAccounts] }),
        },
      },
    },
  };
}

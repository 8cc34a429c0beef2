import * as fs from 'node:fs';
import * as path from 'node:path';
import { Arn, ArnFormat } from 'aws-cdk-lib';
import { stackSetHandlerResources, sub } from '../stack-set-handler';
import { detectorFeatures, type GuardDutyProtections, organizationFeatures } from './guardduty-protections';

export type FindingPublishingFrequency = 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';

/** The handler's source, inlined in the template. */
export const HANDLER_CODE = fs.readFileSync(path.join(__dirname, 'guardduty-region-handler', 'index.js'), 'utf8');

export interface GuardDutyRegionTemplateProps {
  readonly protections: GuardDutyProtections;
  /** How often updates to active findings are published to EventBridge and exported. */
  readonly findingPublishingFrequency: FindingPublishingFrequency;
  /** The findings bucket, in the log-archive account. */
  readonly findingsBucketName: string;
  /** Alias ARN of the findings key, in the bucket's account and region; its key ID is unknown here. */
  readonly findingsKeyAliasArn: string;
  /** The handler's role is this plus `-<region>`, as IAM names are global and each instance owns one. */
  readonly handlerRoleNamePrefix: string;
  /** Function names are regional: each instance's handler has this one. */
  readonly handlerFunctionName: string;
}

/** What the template names, which the StackSet's execution role may then create, change and delete. */
export interface GuardDutyRegionResources {
  readonly handlerRoleNamePattern: string;
  readonly handlerFunctionName: string;
  readonly handlerLogGroupName: string;
}

export function guardDutyRegionResources(props: GuardDutyRegionTemplateProps): GuardDutyRegionResources {
  return {
    handlerRoleNamePattern: `${props.handlerRoleNamePrefix}-*`,
    handlerFunctionName: props.handlerFunctionName,
    handlerLogGroupName: `/aws/lambda/${props.handlerFunctionName}`,
  };
}

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

/**
 * GuardDuty in the audit account (the delegated administrator) in one region:
 * the detector adopted and configured with the protection plans, every
 * member account auto-enabled with the same plans, and the findings exported
 * to the log-archive bucket under the findings key. The StackSet runs it in
 * every governed region.
 *
 * CloudFormation has no resource for adopting the detector or for the
 * organization configuration, so a small custom resource does both; its
 * code is inlined, as a StackSet instance cannot reach the CDK asset bucket.
 */
export function guardDutyRegionTemplate(props: GuardDutyRegionTemplateProps): object {
  const key = parseAliasArn(props.findingsKeyAliasArn);
  const { handlerFunctionName } = guardDutyRegionResources(props);
  const serviceLinkedRole = (service: string, name: string) => ({
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/aws-service-role/${service}/${name}`),
    Condition: { StringEquals: { 'iam:AWSServiceName': service } },
  });
  const custom = (type: string, properties: object) => ({
    Type: type,
    Properties: {
      ServiceToken: getAtt('Handler', 'Arn'),
      // Fail within minutes, not CloudFormation's default hour, should the handler never answer.
      ServiceTimeout: 300,
      ...properties,
    },
  });

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Landing zone: GuardDuty in the audit account, one region: adopted detector, protection plans, organization auto-enable, findings export',
    Resources: {
      ...stackSetHandlerResources({
        functionName: handlerFunctionName,
        functionDescription: "Adopts and configures this region's GuardDuty detector; resolves the findings key",
        code: HANDLER_CODE,
        // The guardrail SCPs deny these GuardDuty calls to everyone but roles of this name.
        roleName: sub(`${props.handlerRoleNamePrefix}-\${AWS::Region}`),
        roleDescription: "Adopts and configures this region's GuardDuty detector during StackSet deployments",
        policyName: 'ConfigureGuardDuty',
        statements: [
          {
            // None accepts a resource (Service Authorization Reference): they list and create this
            // account's one detector here, and set what every member gets.
            Effect: 'Allow',
            Action: [
              'guardduty:ListDetectors',
              'guardduty:CreateDetector',
              'guardduty:UpdateOrganizationConfiguration',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: 'guardduty:UpdateDetector',
            Resource: sub('arn:${AWS::Partition}:guardduty:${AWS::Region}:${AWS::AccountId}:detector/*'),
          },
          serviceLinkedRole('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'),
          // Malware Protection for EC2 runs as its own service-linked role, created on first use.
          serviceLinkedRole(
            'malware-protection.guardduty.amazonaws.com',
            'AWSServiceRoleForAmazonGuardDutyMalwareProtection',
          ),
          {
            // KMS authorizes a call by alias against the key it names, whose ID is unknown here.
            Effect: 'Allow',
            Action: 'kms:DescribeKey',
            Resource: sub(`arn:\${AWS::Partition}:kms:${key.region}:${key.account}:key/*`),
            Condition: { StringEquals: { 'kms:RequestAlias': key.alias } },
          },
        ],
        timeoutSeconds: 120,
        memorySize: 256,
      }),
      Detector: custom('Custom::GuardDutyDetector', {
        FindingPublishingFrequency: props.findingPublishingFrequency,
        DetectorFeatures: detectorFeatures(props.protections),
        OrganizationFeatures: organizationFeatures(props.protections),
      }),
      FindingsKey: custom('Custom::KmsAliasTarget', { AliasArn: props.findingsKeyAliasArn }),
      FindingsExport: {
        Type: 'AWS::GuardDuty::PublishingDestination',
        Properties: {
          DetectorId: getAtt('Detector', 'DetectorId'),
          DestinationType: 'S3',
          DestinationProperties: {
            DestinationArn: `arn:aws:s3:::${props.findingsBucketName}`,
            KmsKeyArn: getAtt('FindingsKey', 'Arn'),
          },
        },
      },
    },
    Outputs: { DetectorId: { Description: "This region's detector", Value: getAtt('Detector', 'DetectorId') } },
  };
}

function parseAliasArn(arn: string): { region: string; account: string; alias: string } {
  const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  if (parts.service !== 'kms' || parts.resource !== 'alias' || !parts.region || !parts.account) {
    throw new Error(
      `findingsKeyAliasArn must be a KMS alias ARN such as arn:aws:kms:eu-west-1:111111111111:alias/x, got ${arn}`,
    );
  }
  return { region: parts.region, account: parts.account, alias: `alias/${parts.resourceName}` };
}

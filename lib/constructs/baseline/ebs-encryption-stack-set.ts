import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { memberStackSet } from '../member-stack-set';
import { stackSetHandlerResources, sub } from '../stack-set-handler';

export const EBS_ENCRYPTION_HANDLER_CODE = fs.readFileSync(
  path.join(__dirname, 'ebs-encryption-handler', 'index.js'),
  'utf8',
);

export interface EbsEncryptionTemplateProps {
  /** The handler's role is this plus `-<region>`, as IAM names are global and each instance owns one. */
  readonly roleNamePrefix: string;
  /** Function names are regional: each instance's handler has this one. */
  readonly functionName: string;
}

export interface EbsEncryptionStackSetProps extends EbsEncryptionTemplateProps {
  readonly stackSetName: string;
  /** Organization root or OU IDs whose accounts, present and future, get encryption by default. */
  readonly targets: readonly string[];
  readonly regions: readonly string[];
}

/**
 * EBS encryption by default in one account and region. It has no
 * CloudFormation resource (aws-cdk-lib 2.276 knows none) and no attribute in
 * EC2 declarative policies (orgs_manage_policies_declarative_syntax.html), so
 * a small custom resource calls EnableEbsEncryptionByDefault; the setting is
 * per region. Its code is inlined, as a StackSet instance cannot reach the
 * CDK asset bucket. Deleting the instance leaves encryption on.
 */
export function ebsEncryptionTemplate(props: EbsEncryptionTemplateProps): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Landing zone: EBS encryption by default in this account and region',
    Resources: {
      ...stackSetHandlerResources({
        functionName: props.functionName,
        functionDescription: 'Turns on EBS encryption by default in this region',
        code: EBS_ENCRYPTION_HANDLER_CODE,
        roleName: sub(`${props.roleNamePrefix}-\${AWS::Region}`),
        roleDescription: 'Turns on EBS encryption by default in this region during StackSet deployments',
        policyName: 'EnableEbsEncryptionByDefault',
        statements: [
          {
            // Account settings of the region: neither action accepts a resource.
            Effect: 'Allow',
            Action: ['ec2:GetEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault'],
            Resource: '*',
          },
        ],
        timeoutSeconds: 60,
        memorySize: 128,
      }),
      EncryptionByDefault: {
        Type: 'Custom::EbsEncryptionByDefault',
        Properties: {
          ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] },
          // Fail within minutes, not CloudFormation's default hour, should the handler never answer.
          ServiceTimeout: 300,
        },
      },
    },
  };
}

/**
 * EBS encryption by default in every member account and governed region,
 * through a service-managed StackSet with automatic deployment, run by the
 * audit account as StackSets delegated administrator. StackSets never reach
 * the management account, which runs no workloads.
 */
export class EbsEncryptionStackSet extends Construct {
  readonly stackSet: cdk.CfnStackSet;

  constructor(scope: Construct, id: string, props: EbsEncryptionStackSetProps) {
    super(scope, id);
    this.stackSet = memberStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: 'Landing zone: EBS encryption by default in every member account and governed region',
      targets: props.targets,
      regions: props.regions,
      template: ebsEncryptionTemplate(props),
    });
  }
}

import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeWildcard, awsApiCall } from './aws-api-call';

export interface GuardDutyFindingsExportProps {
  readonly detectorId: string;
  /** The findings bucket, in another account; GuardDuty accepts one in any region enabled by default. */
  readonly bucketName: string;
  /** Alias ARN of the findings key, which lives in the bucket's account and region. */
  readonly keyAliasArn: string;
  /** The role the API calls run as. @default - the AwsCustomResource provider's own role */
  readonly role?: iam.IRole;
}

/**
 * Exports this region's findings (the organization's, as this is the delegated
 * administrator) to the findings bucket, encrypted with the findings key.
 *
 * The key belongs to another account, whose key ID no template here can know,
 * so its ARN is resolved from the shared alias ARN at deploy time (DescribeKey
 * works across accounts by alias ARN) rather than trusting GuardDuty to accept
 * an alias in place of a key ARN.
 */
export class GuardDutyFindingsExport extends Construct {
  readonly destination: guardduty.CfnPublishingDestination;

  constructor(scope: Construct, id: string, props: GuardDutyFindingsExportProps) {
    super(scope, id);
    const alias = parseAliasArn(props.keyAliasArn);
    const describe = {
      service: 'KMS',
      action: 'DescribeKey',
      region: alias.region,
      parameters: { KeyId: props.keyAliasArn },
      physicalResourceId: PhysicalResourceId.fromResponse('KeyMetadata.Arn'),
      outputPaths: ['KeyMetadata.Arn'],
    };
    const keys = Stack.of(this).formatArn({
      service: 'kms',
      region: alias.region,
      account: alias.account,
      resource: 'key',
      resourceName: '*',
    });
    const key = awsApiCall(this, 'KeyLookup', {
      role: props.role,
      onCreate: describe,
      onUpdate: describe,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['kms:DescribeKey'],
          // KMS authorizes a call by alias against the key it names, whose ID is unknown here.
          resources: [keys],
          conditions: { StringEquals: { 'kms:RequestAlias': alias.name } },
        }),
      ]),
    });

    acknowledgeWildcard(
      key,
      keys,
      'The key ID is unknown until this call resolves it; kms:RequestAlias limits DescribeKey to the findings key alias.',
    );

    this.destination = new guardduty.CfnPublishingDestination(this, 'Resource', {
      detectorId: props.detectorId,
      destinationType: 'S3',
      destinationProperties: {
        destinationArn: `arn:aws:s3:::${props.bucketName}`,
        kmsKeyArn: key.getResponseField('KeyMetadata.Arn'),
      },
    });
  }
}

function parseAliasArn(arn: string): { region: string; account: string; name: string } {
  const parts = Token.isUnresolved(arn) ? undefined : Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  if (parts?.service !== 'kms' || parts.resource !== 'alias' || !parts.region || !parts.account) {
    throw new Error(
      `keyAliasArn must be a KMS alias ARN such as arn:aws:kms:eu-west-1:111111111111:alias/x, got ${arn}`,
    );
  }
  return { region: parts.region, account: parts.account, name: `alias/${parts.resourceName}` };
}

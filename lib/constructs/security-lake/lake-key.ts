import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface LakeKeyProps {
  /** Alias of the key in its region, e.g. `alias/lz/security-lake`. */
  readonly alias: string;
  /** The role Security Lake's metastore-manager Lambda runs as. */
  readonly metaStoreManagerRoleArn: string;
}

/**
 * The customer-managed key of one region's Security Lake data lake. Security
 * Lake refuses multi-Region keys, so each region has its own, under one alias.
 *
 * Roles are admitted through their account plus an `aws:PrincipalArn` condition
 * (KMS rejects a key policy naming a role that does not exist yet), and only
 * for use through S3, which is how Security Lake and its readers touch objects.
 */
export class LakeKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LakeKeyProps) {
    super(scope, id);
    const { account, region } = Stack.of(this);
    const throughS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com` };

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: 'Encrypts the Security Lake data lake of this region',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const thisAccount = new iam.AccountPrincipal(account);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MetaStoreManagerReadsAndWritesLakeObjects',
        principals: [thisAccount],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': props.metaStoreManagerRoleArn }, StringEquals: throughS3 },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MetaStoreManagerGrantsForAwsResources',
        principals: [thisAccount],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': props.metaStoreManagerRoleArn },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
    );
    // Query subscribers read through Lake Formation, which fetches the objects as its data-access role.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LakeFormationReadsForQuerySubscribers',
        principals: [thisAccount],
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'aws:PrincipalArn': `arn:aws:iam::${account}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`,
          },
          StringEquals: throughS3,
        },
      }),
    );
  }
}

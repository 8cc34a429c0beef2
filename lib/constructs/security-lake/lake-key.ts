import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface LakeKeyProps {
  /** Alias of the key in its region, e.g. `alias/lz/security-lake`. */
  readonly alias: string;
  /** The role Security Lake's metastore-manager Lambda runs as; it must exist before the key. */
  readonly metaStoreManagerRoleArn: string;
  /**
   * Lake Formation's data-access role, which reads the lake's objects for
   * query subscribers; it must exist before the key.
   */
  readonly lakeFormationRoleArn: string;
}

/**
 * The customer-managed key of one region's Security Lake data lake. Security
 * Lake refuses multi-Region keys, so each region has its own, under one alias.
 *
 * Both roles that use it are named as principals, and only for use through
 * S3, which is how Security Lake and its readers touch objects. An account
 * principal with an `aws:PrincipalArn` condition would grant them nothing:
 * it only lets the account's IAM policies grant the key, and neither role's
 * AWS managed policy holds a KMS action. Naming them works because both exist
 * before any key (the SecurityLakePrerequisites stack makes sure of it);
 * KMS rejects a key policy naming a role that does not exist.
 */
export class LakeKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LakeKeyProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    const throughS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com` };

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: 'Encrypts the Security Lake data lake of this region',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const metaStoreManager = new iam.ArnPrincipal(props.metaStoreManagerRoleArn);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MetaStoreManagerReadsAndWritesLakeObjects',
        principals: [metaStoreManager],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: throughS3 },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MetaStoreManagerGrantsForAwsResources',
        principals: [metaStoreManager],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
    // Query subscribers read through Lake Formation, which fetches the objects as its data-access role.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LakeFormationReadsForQuerySubscribers',
        principals: [new iam.ArnPrincipal(props.lakeFormationRoleArn)],
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: throughS3 },
      }),
    );
  }
}

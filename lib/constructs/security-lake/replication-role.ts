import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './acknowledge';

export interface ReplicationRoleProps {
  /** Security Lake accepts only a role whose name starts with `SecurityLake`. */
  readonly roleName: string;
  /** Regions whose lakes replicate into the rollup region. */
  readonly contributingRegions: readonly string[];
  /** The region that consolidates every contributing region's data. */
  readonly rollupRegion: string;
}

/** Security Lake names every lake bucket `aws-security-data-lake-<region>-<random suffix>`. */
const lakeBuckets = (region: string) => `arn:aws:s3:::aws-security-data-lake-${region}-*`;

/**
 * The role S3 replicates contributing regions' Security Lake objects into the
 * rollup region as. Global like all IAM, so the home-region stack creates it.
 */
export class ReplicationRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ReplicationRoleProps) {
    super(scope, id);
    if (!props.roleName.startsWith('SecurityLake')) {
      throw new Error(`roleName must start with SecurityLake, got ${props.roleName}`);
    }
    if (props.contributingRegions.includes(props.rollupRegion)) {
      throw new Error(`contributingRegions must not include the rollup region, got ${props.rollupRegion}`);
    }
    if (props.contributingRegions.length === 0) {
      throw new Error('contributingRegions must name at least one region, got none');
    }
    const account = Stack.of(this).account;
    const sources = props.contributingRegions.flatMap((r) => [lakeBuckets(r), `${lakeBuckets(r)}/*`]);

    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      path: '/service-role/',
      description: 'S3 replication of Security Lake objects into the rollup region',
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    const contributingKeys = props.contributingRegions.map((r) => `arn:aws:kms:${r}:${account}:key/*`);
    const rollupKeys = `arn:aws:kms:${props.rollupRegion}:${account}:key/*`;
    const replicas = `${lakeBuckets(props.rollupRegion)}/*`;
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'S3 reads contributing Security Lake buckets and writes replicas into the rollup region',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadContributingLakes',
          actions: [
            's3:ListBucket',
            's3:GetReplicationConfiguration',
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersion',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
            's3:GetObjectRetention',
            's3:GetObjectLegalHold',
          ],
          resources: sources,
          conditions: { StringEquals: { 's3:ResourceAccount': account } },
        }),
        new iam.PolicyStatement({
          sid: 'ReplicateIntoRollupLake',
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:GetObjectVersionTagging'],
          resources: [replicas],
          conditions: { StringEquals: { 's3:ResourceAccount': account } },
        }),
        new iam.PolicyStatement({
          sid: 'DecryptContributingObjects',
          actions: ['kms:Decrypt'],
          resources: contributingKeys,
          conditions: {
            StringEquals: { 'kms:ViaService': props.contributingRegions.map((r) => `s3.${r}.amazonaws.com`) },
          },
        }),
        new iam.PolicyStatement({
          sid: 'EncryptReplicasInRollupRegion',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [rollupKeys],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${props.rollupRegion}.amazonaws.com` } },
        }),
      ],
    });
    acknowledgeWildcardResources(
      policy,
      [...sources, replicas, ...contributingKeys, rollupKeys],
      'Security Lake names its buckets with a random suffix and each region has its own lake key; access stays within this account, the lake bucket prefix and S3 use of KMS.',
    );
  }
}

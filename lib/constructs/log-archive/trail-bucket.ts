import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { roleByArn, roleInOrganization, type RoleInOrganization } from '../role-by-arn';
import { ABORT_INCOMPLETE_UPLOADS, LogBucket } from './log-bucket';

export interface TrailLifecycleProps {
  readonly glacierAfterDays: number;
  readonly deepArchiveAfterDays: number;
  readonly expireAfterDays: number;
  readonly noncurrentExpireAfterDays: number;
}

export interface TrailBucketProps {
  readonly bucketName: string;
  readonly encryptionKey: kms.IKey;
  readonly accessLogBucket: s3.IBucket;
  readonly organizationId: string;
  /** The organization trail, the only trail allowed to deliver here. */
  readonly trailArn: string;
  /** Default Object Lock retention of every log object version. */
  readonly objectLock: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly days: number };
  /**
   * How deletes are protected. `policy` denies them without MFA in the bucket
   * policy and allows lifecycle rules; `vault` expects true S3 MFA delete, which
   * only the root user can turn on, and S3 then refuses any lifecycle rule.
   */
  readonly mfaDelete: 'policy' | 'vault';
  /** Required in `policy` mode, forbidden in `vault` mode. */
  readonly lifecycle?: TrailLifecycleProps;
  /**
   * ARN of the role CloudFormation deploys this bucket with (the home region's
   * CDK execution role). It may change the bucket's configuration without MFA,
   * but never delete versions.
   */
  readonly deploymentRoleArn: string;
  /**
   * Role in another account that reads the logs (Athena over the trail).
   * @default - no cross-account reader
   */
  readonly investigatorRoleArn?: string;
  /**
   * Name of the role every account of the organization reads its own logs
   * as: each may list and read `AWSLogs/<organization ID>/<its own account>/`
   * and nothing else.
   * @default - no account reads its own logs
   */
  readonly ownLogsReaderRoleName?: string;
}

/**
 * The organization trail's bucket: Object Lock, cold-storage lifecycle, and a
 * policy that makes deleting or weakening the evidence require MFA.
 */
export class TrailBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: TrailBucketProps) {
    super(scope, id);
    if (props.mfaDelete === 'vault' && props.lifecycle) {
      throw new Error('lifecycle must be omitted in vault mode: S3 refuses lifecycle rules with MFA delete enabled');
    }
    if (props.mfaDelete === 'policy' && !props.lifecycle) {
      throw new Error('lifecycle is required in policy mode');
    }
    // A pattern would exempt any role someone names to match it.
    if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(props.deploymentRoleArn)) {
      throw new Error(`deploymentRoleArn must be one IAM role ARN, without wildcards, got ${props.deploymentRoleArn}`);
    }
    const ownLogsReaders =
      props.ownLogsReaderRoleName &&
      roleInOrganization('ownLogsReaderRoleName', props.ownLogsReaderRoleName, props.organizationId);
    const retention = Duration.days(props.objectLock.days);
    this.bucket = new LogBucket(this, 'Resource', {
      bucketName: props.bucketName,
      encryptionKey: props.encryptionKey,
      organizationId: props.organizationId,
      accessLogBucket: props.accessLogBucket,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.objectLock.mode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(retention)
          : s3.ObjectLockRetention.governance(retention),
      lifecycleRules: props.lifecycle ? lifecycleRules(props.lifecycle) : undefined,
    }).bucket;
    this.admitOrganizationTrail(props.trailArn, props.organizationId);
    this.requireMfaToDestroyEvidence(props.deploymentRoleArn);
    if (props.investigatorRoleArn) this.admitInvestigator(props.investigatorRoleArn);
    if (ownLogsReaders) this.admitOwnLogsReaders(ownLogsReaders, props.organizationId);
  }

  /** Read-only: list the bucket and read log files. The role may not exist yet, hence its account and ARN. */
  private admitInvestigator(roleArn: string) {
    const { principal: investigator, onlyThisRole: onlyTheInvestigator } = roleByArn('investigatorRoleArn', roleArn);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorListsLogs',
        principals: [investigator],
        actions: ['s3:GetBucketLocation', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: onlyTheInvestigator,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorReadsLogs',
        principals: [investigator],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('AWSLogs/*')],
        conditions: onlyTheInvestigator,
      }),
    );
  }

  /**
   * Each account's reader, to its own prefix. `${aws:PrincipalAccount}` is a
   * policy variable, resolved per request; AWS documents this very statement
   * for organization trails ("Generate a policy using AWS CloudTrail data in
   * another account", IAM Access Analyzer policy generation, IAM User Guide).
   * The fixed `aws:PrincipalOrgID` keeps the policy non-public, so Block
   * Public Access accepts it ("The meaning of public", S3 User Guide). The
   * prefix covers the account's log, digest and Insights files.
   */
  private admitOwnLogsReaders(readers: RoleInOrganization, organizationId: string) {
    const ownPrefix = `AWSLogs/${organizationId}/\${aws:PrincipalAccount}/`;
    const principals = [readers.principal];
    // Athena asks where the bucket is before it reads a table's location.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogsReadersLocateBucket',
        principals,
        actions: ['s3:GetBucketLocation'],
        resources: [this.bucket.bucketArn],
        conditions: readers.conditions,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogsReadersListOwnPrefix',
        principals,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { ...readers.conditions, StringLike: { 's3:prefix': `${ownPrefix}*` } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OwnLogsReadersReadOwnPrefix',
        principals,
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${ownPrefix}*`)],
        conditions: readers.conditions,
      }),
    );
  }

  private admitOrganizationTrail(trailArn: string, organizationId: string) {
    const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const fromTrail = { 'aws:SourceArn': trailArn };
    const managementAccount = trailArn.split(':')[4];
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailChecksAcl',
        principals: [cloudtrail],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: fromTrail },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailWritesOrganizationTrail',
        principals: [cloudtrail],
        actions: ['s3:PutObject'],
        // An organization trail writes the management account's own logs under
        // its account ID and every member's under the organization ID.
        resources: [
          this.bucket.arnForObjects(`AWSLogs/${managementAccount}/*`),
          this.bucket.arnForObjects(`AWSLogs/${organizationId}/*`),
        ],
        conditions: { StringEquals: { ...fromTrail, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }

  private requireMfaToDestroyEvidence(deploymentRoleArn: string) {
    const withoutMfa = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };
    const everyone = [new iam.AnyPrincipal()];
    // No exemption, not even for deployments: deleting evidence always needs MFA.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletingLogsWithoutMfa',
        effect: iam.Effect.DENY,
        principals: everyone,
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:DeleteBucket'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: withoutMfa,
      }),
    );
    // The CloudFormation execution role has no MFA; without this exemption the
    // next `cdk deploy` could not update the bucket it manages.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWeakeningProtectionWithoutMfa',
        effect: iam.Effect.DENY,
        principals: everyone,
        actions: [
          's3:PutBucketVersioning',
          's3:PutLifecycleConfiguration',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
        ],
        resources: [this.bucket.bucketArn],
        conditions: {
          ...withoutMfa,
          ArnNotEquals: { 'aws:PrincipalArn': deploymentRoleArn },
        },
      }),
    );
  }
}

function lifecycleRules(lifecycle: TrailLifecycleProps): s3.LifecycleRule[] {
  return [
    {
      id: 'ArchiveThenExpireLogs',
      transitions: [
        { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(lifecycle.glacierAfterDays) },
        { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(lifecycle.deepArchiveAfterDays) },
      ],
      expiration: Duration.days(lifecycle.expireAfterDays),
      noncurrentVersionExpiration: Duration.days(lifecycle.noncurrentExpireAfterDays),
      abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS,
    },
  ];
}

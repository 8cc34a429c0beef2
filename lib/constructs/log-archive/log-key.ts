import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { roleByArn, roleInOrganization, type RoleInOrganization } from '../role-by-arn';

export interface LogKeyProps {
  /** Alias other accounts address the key by, e.g. `alias/lz/logs`. */
  readonly alias: string;
  /** ARN of the organization trail, the only trail allowed to encrypt with this key. */
  readonly trailArn: string;
  /** Organization whose AWS Config deliveries may encrypt with this key. */
  readonly organizationId: string;
  /** Role (in another account) allowed to decrypt logs it reads through S3. */
  readonly investigatorRoleArn: string;
  /**
   * The role that creates and updates the organization trail (the management
   * account's deployment role). With an S3 Bucket Key on the trail bucket,
   * CloudTrail needs it to have `kms:Decrypt` to create or update a trail
   * that uses SSE-KMS.
   */
  readonly trailCreatorRoleArn: string;
  /**
   * Accounts that turn the key's alias ARN into its key ARN (kms:DescribeKey),
   * for the services that take a key ARN only: AWS Config's delivery channel
   * and Athena's result encryption. @default - none
   */
  readonly describingAccounts?: readonly string[];
  /**
   * Name of the role every account of the organization reads its own logs
   * as (see TrailBucket); it may decrypt the trail's files through S3.
   * @default - no account reads its own logs
   */
  readonly ownLogsReaderRoleName?: string;
}

/**
 * The customer-managed key that encrypts every log in the log-archive account.
 *
 * Principals in other accounts are admitted through their account with an
 * `aws:PrincipalArn` condition rather than by role ARN: KMS rejects a key policy
 * naming a role that does not exist yet, and the audit account deploys later.
 */
export class LogKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trail = parseTrailArn(props.trailArn);
    const ownLogsReaders =
      props.ownLogsReaderRoleName &&
      roleInOrganization('ownLogsReaderRoleName', props.ownLogsReaderRoleName, props.organizationId);

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: 'Encrypts the organization trail and AWS Config deliveries',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsOrganizationTrailOnly',
        principals: [cloudtrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${trail.account}:trail/${trail.name}`,
          },
          StringEquals: { 'aws:SourceArn': props.trailArn },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [cloudtrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': props.trailArn } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ConfigDeliversForOrganization',
        principals: [new iam.ServicePrincipal('config.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceOrgID': props.organizationId } },
      }),
    );
    if (props.describingAccounts?.length) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AccountsResolveKeyAlias',
          principals: props.describingAccounts.map((account) => new iam.AccountPrincipal(account)),
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
      );
    }
    // "If you are using an existing S3 bucket with an S3 Bucket Key, kms:Decrypt permissions are required to
    // create or update a trail with SSE-KMS encryption enabled" (CloudTrail User Guide, "Configure AWS KMS key
    // policies for CloudTrail"). Only for CloudTrail's encryption context, as the AWS Security Reference
    // Architecture grants it, and only to the role that deploys the trail.
    const trailCreator = roleByArn('trailCreatorRoleArn', props.trailCreatorRoleArn);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TrailCreatorDecryptsCloudTrailLogs',
        principals: [trailCreator.principal],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { ...trailCreator.onlyThisRole, Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
      }),
    );
    const investigator = roleByArn('investigatorRoleArn', props.investigatorRoleArn);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'InvestigatorDecryptsThroughS3',
        principals: [investigator.principal],
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ...investigator.onlyThisRole,
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        },
      }),
    );
    if (ownLogsReaders)
      this.key.addToResourcePolicy(ownLogsReadersStatement(ownLogsReaders, props.trailArn, stack.region));
  }
}

/**
 * CloudTrail encrypts log and digest files under the encryption context
 * `aws:cloudtrail:arn` (the trail), which S3 passes on when it decrypts them;
 * AWS documents this statement for reading an organization trail from member
 * accounts ("Generate a policy using AWS CloudTrail data in another account",
 * IAM User Guide). KMS never sees the object key, so the prefix is the
 * bucket's business: S3 decrypts only what the bucket policy lets the caller
 * read. `kms:CallerAccount` would add nothing: it always equals the
 * principal's account, and every member account is a caller.
 */
function ownLogsReadersStatement(readers: RoleInOrganization, trailArn: string, region: string) {
  return new iam.PolicyStatement({
    sid: 'OwnLogsReadersDecryptTrailFilesThroughS3',
    principals: [readers.principal],
    actions: ['kms:Decrypt'],
    resources: ['*'],
    conditions: {
      ...readers.conditions,
      StringEquals: {
        ...readers.conditions.StringEquals,
        'kms:ViaService': `s3.${region}.amazonaws.com`,
        'kms:EncryptionContext:aws:cloudtrail:arn': trailArn,
      },
    },
  });
}

function parseTrailArn(arn: string): { account: string; name: string } {
  const match = /^arn:aws:cloudtrail:[a-z0-9-]+:(\d{12}):trail\/(.+)$/.exec(arn);
  if (!match) throw new Error(`trailArn must be a CloudTrail trail ARN, got ${arn}`);
  return { account: match[1], name: match[2] };
}

import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { roleByArn } from '../role-by-arn';

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
   * Accounts that turn the key's alias ARN into its key ARN (kms:DescribeKey),
   * for the services that take a key ARN only: AWS Config's delivery channel
   * and Athena's result encryption. @default - none
   */
  readonly describingAccounts?: readonly string[];
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

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: 'Encrypts the organization trail, AWS Config deliveries and S3 access logs',
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
    admitS3AccessLogging(this.key);
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
  }
}

/** Lets S3 server access logging of this account's buckets write logs encrypted with `key`. */
export function admitS3AccessLogging(key: kms.IKey): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3AccessLoggingFromThisAccount',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(key).account } },
    }),
  );
}

function parseTrailArn(arn: string): { account: string; name: string } {
  const match = /^arn:aws:cloudtrail:[a-z0-9-]+:(\d{12}):trail\/(.+)$/.exec(arn);
  if (!match) throw new Error(`trailArn must be a CloudTrail trail ARN, got ${arn}`);
  return { account: match[1], name: match[2] };
}

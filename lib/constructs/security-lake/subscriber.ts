import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './acknowledge';
import type { LogSource } from './log-sources';

/** Security Lake accepts at most this many sources per subscriber. */
const MAX_SOURCES = 10;
/** What CloudFormation accepts in a subscriber's name and in its description. */
const SUBSCRIBER_NAME = /^[\\\w\-_:/.@=+]+$/;
const SUBSCRIBER_DESCRIPTION = /^[\\\w\s\-_:/,.@=+]*$/;

export interface SubscriberProps {
  readonly dataLakeArn: string;
  /** Unique in the region, e.g. `audit-query`. */
  readonly subscriberName: string;
  readonly description: string;
  /** The account that consumes the data. */
  readonly accountId: string;
  /** The external ID the subscriber presents; for a vendor, the one they gave you. */
  readonly externalId: string;
  /**
   * `LAKEFORMATION`: the account queries the tables (Athena) through a Lake Formation share.
   * `S3`: the account reads the objects through a role Security Lake creates for it.
   */
  readonly access: 'LAKEFORMATION' | 'S3';
  readonly sources: readonly LogSource[];
  /** Key of the lake; an S3 subscriber's role is allowed to decrypt with it through S3. */
  readonly encryptionKey: kms.IKey;
  /** HTTPS endpoint told about each new object (S3 access only). @default - no notification */
  readonly notificationEndpoint?: string;
}

/**
 * A Security Lake subscriber: an account that consumes the lake's data, with
 * either query access (Lake Formation) or object access (S3), optionally
 * notified of new objects over HTTPS through an EventBridge API destination.
 */
export class Subscriber extends Construct {
  readonly resource: securitylake.CfnSubscriber;

  constructor(scope: Construct, id: string, props: SubscriberProps) {
    super(scope, id);
    if (props.sources.length === 0 || props.sources.length > MAX_SOURCES) {
      throw new Error(`sources must name 1-${MAX_SOURCES} sources, got ${props.sources.length}`);
    }
    if (!SUBSCRIBER_NAME.test(props.subscriberName)) {
      throw new Error(
        `subscriberName must be letters, digits or the characters \\-_:/.@=+, got ${props.subscriberName}`,
      );
    }
    if (!SUBSCRIBER_DESCRIPTION.test(props.description)) {
      throw new Error(
        `description must be letters, digits, spaces or the characters \\-_:/,.@=+, got ${props.description}`,
      );
    }
    if (props.notificationEndpoint !== undefined && props.access !== 'S3') {
      throw new Error(`notificationEndpoint needs S3 access, got ${props.access}`);
    }
    if (props.notificationEndpoint !== undefined && !props.notificationEndpoint.startsWith('https://')) {
      throw new Error(`notificationEndpoint must be an https:// URL, got ${props.notificationEndpoint}`);
    }

    this.resource = new securitylake.CfnSubscriber(this, 'Resource', {
      dataLakeArn: props.dataLakeArn,
      subscriberName: props.subscriberName,
      subscriberDescription: props.description,
      accessTypes: [props.access],
      subscriberIdentity: { principal: props.accountId, externalId: props.externalId },
      sources: props.sources.map((s) => ({ awsLogSource: { sourceName: s.name, sourceVersion: s.version } })),
    });

    if (props.access === 'S3') this.letSubscriberRoleDecrypt(props.encryptionKey);
    if (props.notificationEndpoint) this.notify(props.notificationEndpoint);
  }

  /** The role Security Lake creates for an S3 subscriber reads SSE-KMS objects, so it needs the key. */
  private letSubscriberRoleDecrypt(key: kms.IKey) {
    const role = iam.Role.fromRoleArn(this, 'SubscriberRole', this.resource.attrSubscriberRoleArn);
    new iam.ManagedPolicy(this, 'DecryptLakeObjects', {
      description: 'The Security Lake subscriber role decrypts lake objects it reads through S3',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
  }

  private notify(endpoint: string) {
    const { account, region } = Stack.of(this);
    const role = new iam.Role(this, 'NotificationRole', {
      description: 'EventBridge invokes the Security Lake API destination that notifies the subscriber',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    // Security Lake creates the API destination and names it AmazonSecurityLake-<generated id>.
    const destinations = `arn:aws:events:${region}:${account}:api-destination/AmazonSecurityLake*/*`;
    const policy = new iam.ManagedPolicy(this, 'InvokeApiDestination', {
      description: 'EventBridge invokes only the API destinations Security Lake creates for its subscribers',
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['events:InvokeApiDestination'], resources: [destinations] })],
    });
    acknowledgeWildcardResources(
      policy,
      [destinations],
      'Security Lake generates the API destination name of a subscriber; the role may invoke only Security Lake destinations in this account and region.',
    );
    new securitylake.CfnSubscriberNotification(this, 'Notification', {
      subscriberArn: this.resource.attrSubscriberArn,
      notificationConfiguration: {
        httpsNotificationConfiguration: { endpoint, httpMethod: 'POST', targetRoleArn: role.roleArn },
      },
    });
  }
}

import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore, PublicKeys } from './digest-chain';

export interface IntegrityClientOptions {
  /** The trail bucket's region. */
  readonly bucketRegion: string;
  /** The region whose digests are verified: CloudTrail signs each region's digests with that region's key. */
  readonly region: string;
  /** @default - AWS_PROFILE, else the default profile */
  readonly profile?: string;
  /** @default 5000 */
  readonly connectionTimeoutMs?: number;
  /** @default 30000 */
  readonly requestTimeoutMs?: number;
}

/**
 * Clients on the SDK's standard credential, region and endpoint chain: the endpoint is left alone,
 * so AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL and a profile's `endpoint_url`
 * apply. Connection and request timeouts keep a dead endpoint from hanging the command.
 */
export function integrityClients(options: IntegrityClientOptions) {
  const common = {
    ...(options.profile ? { profile: options.profile } : {}),
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // Without it this smithy version only logs a warning when the request timeout passes, and waits on.
      throwOnRequestTimeout: true,
    },
  };
  const s3 = new S3Client({ ...common, region: options.bucketRegion });
  const cloudTrail = new CloudTrailClient({ ...common, region: options.region });
  return { s3, cloudTrail, destroy: () => [s3, cloudTrail].forEach((c) => c.destroy()) };
}

export function s3ObjectStore(s3: S3Client): ObjectStore {
  return {
    async list(bucket, prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter(Boolean));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async get(bucket, key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { body: Buffer.from(await object.Body!.transformToByteArray()), metadata: object.Metadata ?? {} };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
  };
}

/** The region's public keys valid at any time in the range, by fingerprint. */
export async function listPublicKeys(cloudTrail: CloudTrailClient, start: Date, end: Date): Promise<PublicKeys> {
  const keys = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await cloudTrail.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }));
    for (const key of page.PublicKeyList ?? []) {
      if (key.Fingerprint && key.Value) keys.set(key.Fingerprint, Buffer.from(key.Value));
    }
    token = page.NextToken;
  } while (token);
  return keys;
}

/** The command's connection: S3 for the bucket's region, CloudTrail for the verified region's keys. */
export function awsConnect(timeouts: { connectionTimeoutMs?: number; requestTimeoutMs?: number } = {}) {
  return (options: { bucketRegion: string; region: string; profile?: string }) => {
    const clients = integrityClients({ ...options, ...timeouts });
    return {
      store: s3ObjectStore(clients.s3),
      publicKeys: (start: Date, end: Date) => listPublicKeys(clients.cloudTrail, start, end),
      close: clients.destroy,
    };
  };
}

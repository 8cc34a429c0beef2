import * as crypto from 'node:crypto';
import * as zlib from 'node:zlib';

/**
 * Verifies a CloudTrail digest chain the way `aws cloudtrail validate-logs`
 * does (aws-cli awscli/customizations/cloudtrail/validation.py), following
 * "Validating CloudTrail log file integrity with custom implementations":
 * each digest is signed (SHA256withRSA, hex, in the object's
 * `x-amz-meta-signature`) over
 *   digestEndTime \n digestS3Bucket/digestS3Object \n hex SHA-256 of the inflated digest \n previousDigestSignature
 * ('null' for the first digest of a chain); each log file's SHA-256 over its
 * inflated content is in the digest; each digest names the one before it.
 */

export interface StoredObject {
  readonly body: Buffer;
  /** S3 user metadata, without the `x-amz-meta-` prefix. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Where digest and log files are read from (S3 in the command, a fake in tests). */
export interface ObjectStore {
  /** Every key under the prefix. */
  list(bucket: string, prefix: string): Promise<string[]>;
  /** The object, or undefined when it does not exist. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
}

/** Public keys by fingerprint (DER, PKCS #1), as CloudTrail ListPublicKeys returns them for the region. */
export type PublicKeys = ReadonlyMap<string, Buffer>;

export interface ChainScope {
  readonly bucket: string;
  /** Organization trails write under AWSLogs/<org-id>/<account>/. */
  readonly organizationId: string;
  readonly account: string;
  /** The region whose digests are verified. */
  readonly region: string;
  readonly trailName: string;
  readonly trailHomeRegion: string;
  readonly start: Date;
  readonly end: Date;
}

export type FileStatus = 'valid' | 'INVALID';

export interface FileResult {
  readonly kind: 'Digest file' | 'Log file';
  readonly uri: string;
  readonly status: FileStatus;
  /** Why it is invalid. */
  readonly reason?: string;
}

export interface ChainReport {
  readonly results: readonly FileResult[];
  /** Facts that are not failures: where the chain starts, digests found. */
  readonly notes: readonly string[];
  readonly valid: boolean;
}

interface Digest {
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly { s3Bucket: string; s3Object: string; hashValue: string }[];
}

const REQUIRED = [
  'digestStartTime',
  'digestEndTime',
  'digestS3Bucket',
  'digestS3Object',
  'digestPublicKeyFingerprint',
  'previousDigestSignature',
] as const;

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const DIGEST_TIME = /_(\d{8}T\d{6}Z)\.json\.gz$/;

/** The key's timestamp (digest end), comparable as a string: 20260301T120000Z. */
export function compactTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The digest's S3 prefix for one day, under the organization trail layout. */
export function digestDayPrefix(scope: ChainScope, day: Date): string {
  const ymd = day.toISOString().slice(0, 10).replace(/-/g, '/');
  return `AWSLogs/${scope.organizationId}/${scope.account}/CloudTrail-Digest/${scope.region}/${ymd}/`;
}

/** The string CloudTrail signs for a digest. */
export function stringToSign(digest: Digest, inflated: Buffer): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256(inflated),
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

export async function verifyDigestChain(scope: ChainScope, store: ObjectStore, keys: PublicKeys): Promise<ChainReport> {
  const results: FileResult[] = [];
  const notes: string[] = [];
  const uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;
  const fail = (kind: FileResult['kind'], bucket: string, key: string, reason: string) =>
    results.push({ kind, uri: uri(bucket, key), status: 'INVALID', reason });

  const digestKeys = await listDigests(scope, store);
  if (digestKeys.length === 0) {
    notes.push(`No digest files between ${scope.start.toISOString()} and ${scope.end.toISOString()}`);
    return { results, notes, valid: false };
  }
  const windowStart = compactTime(scope.start);
  // Newest first, as CloudTrail links them: each digest names the one before it.
  let expected: { key: string; signature: string | null; hash: string | null; by: string } | undefined;
  for (const key of [...digestKeys].reverse()) {
    if (expected && expected.key !== key) {
      // The newer digest named a previous one that the bucket no longer lists.
      fail('Digest file', scope.bucket, expected.key, `not found (named as previous by ${expected.by})`);
    }
    const link = expected?.key === key ? expected : undefined;
    expected = undefined;
    const object = await store.get(scope.bucket, key);
    if (!object) {
      fail('Digest file', scope.bucket, key, 'not found');
      continue;
    }
    const parsed = parseDigest(object.body);
    if (!parsed) {
      fail('Digest file', scope.bucket, key, 'invalid format');
      continue;
    }
    const { digest, inflated } = parsed;
    const problem = checkDigest(scope, key, digest, inflated, object.metadata, keys, link);
    if (problem) {
      fail('Digest file', scope.bucket, key, problem);
    } else {
      results.push({ kind: 'Digest file', uri: uri(scope.bucket, key), status: 'valid' });
    }
    for (const log of digest.logFiles ?? []) {
      const file = await store.get(log.s3Bucket, log.s3Object);
      if (!file) fail('Log file', log.s3Bucket, log.s3Object, 'not found');
      else if (sha256(inflate(file.body) ?? Buffer.alloc(0)) !== log.hashValue) {
        fail('Log file', log.s3Bucket, log.s3Object, "hash value doesn't match");
      } else results.push({ kind: 'Log file', uri: uri(log.s3Bucket, log.s3Object), status: 'valid' });
    }
    const previous = digest.previousDigestS3Object;
    if (previous === null || digest.previousDigestS3Bucket === null) {
      notes.push(
        `The chain starts at ${uri(scope.bucket, key)} (no previous digest: logging or validation began then)`,
      );
    } else if ((DIGEST_TIME.exec(previous)?.[1] ?? '') >= windowStart) {
      expected = {
        key: previous,
        signature: digest.previousDigestSignature,
        hash: digest.previousDigestHashValue,
        by: key,
      };
    }
  }
  if (expected) fail('Digest file', scope.bucket, expected.key, `not found (named as previous by ${expected.by})`);
  return { results, notes, valid: results.every((r) => r.status === 'valid') };
}

async function listDigests(scope: ChainScope, store: ObjectStore): Promise<string[]> {
  const pattern = new RegExp(
    `/${scope.account}_CloudTrail-Digest_${scope.region}_${escape(scope.trailName)}_${scope.trailHomeRegion}_(\\d{8}T\\d{6}Z)\\.json\\.gz$`,
  );
  // A digest ends up to an hour after the logs it covers.
  const from = compactTime(scope.start);
  const to = compactTime(new Date(scope.end.getTime() + 3_600_000));
  const keys: string[] = [];
  for (let day = startOfDay(scope.start); day.getTime() <= scope.end.getTime() + 3_600_000; day = nextDay(day)) {
    for (const key of await store.list(scope.bucket, digestDayPrefix(scope, day))) {
      const time = pattern.exec(key)?.[1];
      if (time && time >= from && time <= to) keys.push(key);
    }
  }
  return [...new Set(keys)].sort((a, b) => DIGEST_TIME.exec(a)![1].localeCompare(DIGEST_TIME.exec(b)![1]));
}

function checkDigest(
  scope: ChainScope,
  key: string,
  digest: Digest,
  inflated: Buffer,
  metadata: Readonly<Record<string, string>>,
  keys: PublicKeys,
  link: { signature: string | null; hash: string | null; by: string } | undefined,
): string | undefined {
  if (REQUIRED.some((field) => !(field in digest))) return 'invalid format';
  if (digest.digestS3Bucket !== scope.bucket || digest.digestS3Object !== key) {
    return 'has been moved from its original location';
  }
  const signature = metadata.signature;
  if (!signature) return 'signature verification failed (no x-amz-meta-signature)';
  const der = keys.get(digest.digestPublicKeyFingerprint);
  if (!der) {
    return `public key not found in region ${scope.region} for fingerprint ${digest.digestPublicKeyFingerprint}`;
  }
  let verified = false;
  try {
    const publicKey = crypto.createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    verified = crypto.verify(
      'sha256',
      Buffer.from(stringToSign(digest, inflated)),
      publicKey,
      Buffer.from(signature, 'hex'),
    );
  } catch {
    verified = false;
  }
  if (!verified) return 'signature verification failed';
  if (link && (link.signature !== signature || (link.hash !== null && link.hash !== sha256(inflated)))) {
    return `chain broken: its signature or hash is not the one ${link.by} names as previous`;
  }
  return undefined;
}

function parseDigest(body: Buffer): { digest: Digest; inflated: Buffer } | undefined {
  const inflated = inflate(body);
  if (!inflated) return undefined;
  try {
    return { digest: JSON.parse(inflated.toString('utf8')) as Digest, inflated };
  } catch {
    return undefined;
  }
}

function inflate(body: Buffer): Buffer | undefined {
  try {
    return zlib.gunzipSync(body);
  } catch {
    return undefined;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const startOfDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
const nextDay = (date: Date) => new Date(date.getTime() + 86_400_000);

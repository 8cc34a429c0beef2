import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';

/** An object as the fake S3 keeps it. */
export interface FakeObject {
  body: Buffer;
  metadata: Record<string, string>;
}

/**
 * A loopback endpoint speaking just enough S3 (path-style ListObjectsV2 and
 * GetObject) and CloudTrail (ListPublicKeys, JSON 1.1) for the validator,
 * reached by the real SDK clients through AWS_ENDPOINT_URL_S3 and
 * AWS_ENDPOINT_URL_CLOUDTRAIL. `hang` makes it accept requests and never answer.
 */
export async function startFakeAws(state: {
  objects: Map<string, FakeObject>;
  publicKeys: { fingerprint: string; der: Buffer }[];
  hang?: boolean;
}) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.hang) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const target = req.headers['x-amz-target'];
      if (target === 'CloudTrail_20131101.ListPublicKeys') {
        requests.push('ListPublicKeys');
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        const now = Date.now() / 1000;
        res.end(
          JSON.stringify({
            PublicKeyList: state.publicKeys.map((k) => ({
              Fingerprint: k.fingerprint,
              Value: k.der.toString('base64'),
              ValidityStartTime: now - 86_400 * 400,
              ValidityEndTime: now + 86_400,
            })),
          }),
        );
        return;
      }
      const [, bucket, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        requests.push(`ListObjectsV2 ${url.searchParams.get('prefix')}`);
        const prefix = `${bucket}/${url.searchParams.get('prefix') ?? ''}`;
        const keys = [...state.objects.keys()]
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(bucket.length + 1));
        res.setHeader('content-type', 'application/xml');
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated><KeyCount>${keys.length}</KeyCount>${keys
            .map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`)
            .join('')}</ListBucketResult>`,
        );
        return;
      }
      if (req.method === 'GET') {
        requests.push(`GetObject ${key}`);
        const object = state.objects.get(`${bucket}/${key}`);
        if (!object) {
          res.statusCode = 404;
          res.setHeader('content-type', 'application/xml');
          res.end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
          );
          return;
        }
        for (const [name, value] of Object.entries(object.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
        res.setHeader('content-length', object.body.length);
        res.end(object.body);
        return;
      }
      res.statusCode = 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ChainSpec {
  readonly bucket: string;
  readonly organizationId: string;
  readonly account: string;
  readonly region: string;
  readonly trailName: string;
  readonly homeRegion: string;
  /** End time of the first digest; each next one ends an hour later. */
  readonly firstEnd: Date;
  readonly digests: number;
  readonly logsPerDigest: number;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const compact = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * Writes a signed chain of digest files and their log files, in the
 * organization trail layout, into `objects`; returns the keys, oldest first.
 */
export function writeSignedChain(
  spec: ChainSpec,
  objects: Map<string, FakeObject>,
  privateKey: crypto.KeyObject,
  fingerprint: string,
): { digests: string[]; logs: string[] } {
  const digests: string[] = [];
  const logs: string[] = [];
  let previous: { key: string; signature: string; hash: string } | undefined;
  for (let i = 0; i < spec.digests; i++) {
    const end = new Date(spec.firstEnd.getTime() + i * 3_600_000);
    const start = new Date(end.getTime() - 3_600_000);
    const ymd = end.toISOString().slice(0, 10).replace(/-/g, '/');
    const base = `AWSLogs/${spec.organizationId}/${spec.account}`;
    const logFiles = Array.from({ length: spec.logsPerDigest }, (_, j) => {
      const key = `${base}/CloudTrail/${spec.region}/${ymd}/${spec.account}_CloudTrail_${spec.region}_${compact(start)}_log${i}-${j}.json.gz`;
      const content = Buffer.from(JSON.stringify({ Records: [{ eventName: 'DescribeInstances', n: `${i}-${j}` }] }));
      objects.set(`${spec.bucket}/${key}`, { body: zlib.gzipSync(content), metadata: {} });
      logs.push(key);
      return { s3Bucket: spec.bucket, s3Object: key, hashValue: sha256(content), hashAlgorithm: 'SHA-256' };
    });
    const key = `${base}/CloudTrail-Digest/${spec.region}/${ymd}/${spec.account}_CloudTrail-Digest_${spec.region}_${spec.trailName}_${spec.homeRegion}_${compact(end)}.json.gz`;
    const digest = {
      awsAccountId: spec.account,
      digestStartTime: start.toISOString().replace(/\.\d{3}/, ''),
      digestEndTime: end.toISOString().replace(/\.\d{3}/, ''),
      digestS3Bucket: spec.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: previous ? spec.bucket : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles,
    };
    const inflated = Buffer.from(JSON.stringify(digest));
    const toSign = [
      digest.digestEndTime,
      `${spec.bucket}/${key}`,
      sha256(inflated),
      digest.previousDigestSignature ?? 'null',
    ].join('\n');
    const signature = crypto.sign('sha256', Buffer.from(toSign), privateKey).toString('hex');
    objects.set(`${spec.bucket}/${key}`, {
      body: zlib.gzipSync(inflated),
      metadata: { signature, 'signature-algorithm': 'SHA256withRSA' },
    });
    digests.push(key);
    previous = { key, signature, hash: sha256(inflated) };
  }
  return { digests, logs };
}

/** A test RSA key pair, its public key as CloudTrail hands it out (DER, PKCS #1) and a fingerprint. */
export function testSigningKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  return { privateKey, der, fingerprint: crypto.createHash('md5').update(der).digest('hex') };
}

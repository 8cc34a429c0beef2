import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import type { SendOptions } from './call';
import { requestHandlerOptions, type Timeouts } from './timeouts';

export interface ControlTowerApiProps {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly timeouts: Timeouts;
  /** e.g. `https://controltower.eu-west-1.amazonaws.com` */
  readonly endpoint: string;
}

export interface LandingZoneDetail {
  readonly arn?: string;
  readonly version: string;
  /** The landing zone manifest (a JSON document). */
  readonly manifest: unknown;
  readonly status?: string;
  readonly latestAvailableVersion?: string;
  readonly driftStatus?: { readonly status?: string };
}

/**
 * The two read calls preflight makes to AWS Control Tower, signed with SigV4.
 *
 * Why not @aws-sdk/client-controltower: the npm registry this project builds
 * from holds only 3.332.0 (2023) of it, which predates the landing zone APIs
 * (it has only EnableControl, DisableControl, GetControlOperation and
 * ListEnabledControls). The wire format is the service's REST-JSON protocol:
 * `POST /list-landingzones` and `POST /get-landingzone`, as in the SDK's
 * generated serializers (aws/aws-sdk-js-v3, clients/client-controltower).
 */
export class ControlTowerApi {
  private readonly handler: NodeHttpHandler;
  private readonly signer: SignatureV4;

  constructor(private readonly props: ControlTowerApiProps) {
    this.handler = new NodeHttpHandler(requestHandlerOptions(props.timeouts));
    this.signer = new SignatureV4({
      service: 'controltower',
      region: props.region,
      credentials: props.credentials,
      sha256: NodeSha256,
    });
  }

  async listLandingZones(
    nextToken: string | undefined,
    options: SendOptions = {},
  ): Promise<{ landingZones?: { arn?: string }[]; NextToken?: string }> {
    const page = await this.post<{ landingZones?: { arn?: string }[]; nextToken?: string }>(
      '/list-landingzones',
      nextToken ? { nextToken } : {},
      options,
    );
    // AwsCaller.collect follows `NextToken`, the Organizations spelling.
    return { landingZones: page.landingZones, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  async getLandingZone(arn: string, options: SendOptions = {}): Promise<LandingZoneDetail | undefined> {
    const out = await this.post<{ landingZone?: LandingZoneDetail }>(
      '/get-landingzone',
      { landingZoneIdentifier: arn },
      options,
    );
    return out.landingZone;
  }

  destroy(): void {
    this.handler.destroy();
  }

  private async post<T>(path: string, body: object, options: SendOptions): Promise<T> {
    const url = new URL(this.props.endpoint);
    const basePath = url.pathname.replace(/\/$/, '');
    const text = JSON.stringify(body);
    const unsigned = new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: `${basePath}${path}`,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      },
      body: text,
    });
    const request = new HttpRequest(await this.signer.sign(unsigned));
    const endpointUrl = `${url.protocol}//${url.host}`;
    let response;
    try {
      response = (await this.handler.handle(request, { abortSignal: options.abortSignal })).response;
    } catch (error) {
      throw Object.assign(error as object, { $endpointUrl: endpointUrl });
    }
    const raw = await readBody(response.body as NodeJS.ReadableStream);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return (raw ? JSON.parse(raw) : {}) as T;
    throw serviceError(status, response.headers, raw, endpointUrl);
  }
}

/** The REST-JSON error shape: the type in `x-amzn-errortype` (before any `:`) or the body's `__type`. */
function serviceError(status: number, headers: Record<string, string>, raw: string, endpointUrl: string): Error {
  let parsed: { message?: string; Message?: string; __type?: string } = {};
  try {
    parsed = JSON.parse(raw);
  } catch {
    // A proxy's HTML page: the status says enough.
  }
  const header = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-amzn-errortype')?.[1];
  const type = (header ?? parsed.__type ?? `HTTP${status}`).split(':')[0].split('#').pop()!;
  const error = new Error(parsed.message ?? parsed.Message ?? (raw.slice(0, 200) || `HTTP ${status}`));
  return Object.assign(error, { name: type, $metadata: { httpStatusCode: status }, $endpointUrl: endpointUrl });
}

async function readBody(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** SigV4's hash (and HMAC with a key) from node:crypto, the checksum interface @smithy/signature-v4 takes. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.make();
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.make();
  }

  private make(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(new Uint8Array(data));
}

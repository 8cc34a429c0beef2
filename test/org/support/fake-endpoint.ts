import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { respond, type FakeOrganization, type Operation } from './fake-organization';

export interface FakeFailure {
  readonly name: string;
  readonly message: string;
  /** @default 400 */
  readonly status?: number;
  /** Fail only the first `times` requests of the operation, then answer. @default - every request */
  readonly times?: number;
}

export interface FakeEndpointOptions {
  readonly failures?: Partial<Record<Operation, FakeFailure>>;
  /** Operations (or `all`) whose requests are accepted and never answered, as a hung proxy does. */
  readonly hang?: readonly Operation[] | 'all';
  /** Wait before each answer, so concurrent requests overlap. @default 0 */
  readonly delayMs?: number;
}

export interface FakeEndpoint {
  readonly url: string;
  /** Operations in the order they arrived. */
  readonly requests: string[];
  /** The most requests of each service (`organizations`, `cloudtrail`, ...) in flight at once. */
  readonly maxInFlight: Map<string, number>;
  close(): Promise<void>;
}

/** Control Tower's REST-JSON paths (lib/org/control-tower-api.ts). */
const REST_PATHS: Record<string, Operation> = {
  '/list-landingzones': 'ListLandingZones',
  '/get-landingzone': 'GetLandingZone',
};

/**
 * A local HTTP endpoint that speaks the wire protocols of Organizations,
 * CloudTrail and Config (JSON 1.1), STS (query/XML) and Control Tower
 * (REST-JSON), enough for discover and preflight. Point the SDK at it with
 * AWS_ENDPOINT_URL. It can hang, fail and answer slowly on demand.
 */
export async function startFakeEndpoint(
  fake: FakeOrganization,
  options: FakeEndpointOptions = {},
): Promise<FakeEndpoint> {
  const requests: string[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const failedSoFar = new Map<Operation, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // SigV4's credential scope names the region and the service of a request.
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
      const [region, service] = [scope?.[1], scope?.[2] ?? 'unknown'];
      const target = req.headers['x-amz-target'];
      const operation = (
        typeof target === 'string'
          ? target.split('.').pop()
          : (REST_PATHS[req.url ?? ''] ?? new URLSearchParams(body).get('Action') ?? 'unknown')
      ) as Operation;
      requests.push(operation);
      if (options.hang === 'all' || options.hang?.includes(operation)) return;
      inFlight.set(service, (inFlight.get(service) ?? 0) + 1);
      maxInFlight.set(service, Math.max(maxInFlight.get(service) ?? 0, inFlight.get(service)!));
      const answer = () => {
        inFlight.set(service, inFlight.get(service)! - 1);
        serve(operation, typeof target === 'string' ? 'json' : req.url && REST_PATHS[req.url] ? 'rest' : 'query');
      };
      setTimeout(answer, options.delayMs ?? 0);
      const serve = (op: Operation, protocol: 'json' | 'rest' | 'query') => {
        const failure = options.failures?.[op];
        const failed = failedSoFar.get(op) ?? 0;
        if (failure && (failure.times === undefined || failed < failure.times)) {
          failedSoFar.set(op, failed + 1);
          res.writeHead(failure.status ?? 400, {
            'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
            'x-amzn-errortype': failure.name,
          });
          res.end(JSON.stringify({ __type: failure.name, message: failure.message }));
          return;
        }
        if (protocol !== 'query') {
          res.writeHead(200, {
            'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
          });
          res.end(JSON.stringify(respond(fake, op, JSON.parse(body || '{}'), region)));
          return;
        }
        if (op === 'GetCallerIdentity') {
          const id = respond(fake, 'GetCallerIdentity', {}) as { Account: string; Arn: string; UserId: string };
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
              `<Arn>${id.Arn}</Arn><UserId>${id.UserId}</UserId><Account>${id.Account}</Account>` +
              `</GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          );
          return;
        }
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`the fake endpoint does not serve ${op}`);
      };
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens: connecting is refused at once. */
export async function refusingUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { respond, type FakeOrganization, type Operation } from './fake-organization';

export interface FakeFailure {
  readonly name: string;
  readonly message: string;
  /** @default 400 */
  readonly status?: number;
}

/**
 * A local HTTP endpoint that speaks the wire protocols of Organizations,
 * CloudTrail and Config (JSON 1.1) and STS (query/XML), enough for discover
 * and preflight. Point the SDK at it with AWS_ENDPOINT_URL.
 */
export async function startFakeEndpoint(
  fake: FakeOrganization,
  failures: Partial<Record<Operation, FakeFailure>> = {},
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // SigV4's credential scope is the only place a request names its region.
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') {
        const operation = target.split('.').pop() as Operation;
        requests.push(operation);
        const failure = failures[operation];
        if (failure) {
          res.writeHead(failure.status ?? 400, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-errortype': failure.name,
          });
          res.end(JSON.stringify({ __type: failure.name, message: failure.message }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(respond(fake, operation, JSON.parse(body || '{}'), region)));
        return;
      }
      const action = new URLSearchParams(body).get('Action');
      requests.push(action ?? 'unknown');
      if (action === 'GetCallerIdentity') {
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
      res.end(`the fake endpoint does not serve ${action ?? req.url}`);
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

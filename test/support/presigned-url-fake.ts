import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a custom-resource handler sent to its response URL. */
export interface ResponsePut {
  readonly method?: string;
  readonly contentType?: string;
  readonly body: any;
}

export interface PresignedUrlFake {
  /** A presigned-looking URL on the loopback server; valid once the enclosing block's tests run. */
  url: string;
  /** Every answer received in the current test. */
  received: ResponsePut[];
  /** The status the server answers with in the current test. @default 200 */
  status: number;
}

/**
 * A loopback stand-in for the presigned S3 URL CloudFormation gives a custom
 * resource, for the inlined StackSet handlers that write their own response.
 * Registers its server's lifecycle on the enclosing `describe`.
 */
export function presignedUrlFake(): PresignedUrlFake {
  const fake: PresignedUrlFake = { url: '', received: [], status: 200 };
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        fake.received.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
        res.writeHead(fake.status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response?signature=x`;
  });
  beforeEach(() => {
    fake.received = [];
    fake.status = 200;
  });
  // Dropping the handler's kept-alive sockets too, so that nothing holds the worker open.
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return fake;
}

/**
 * Test support: a real HTTP server on a free 127.0.0.1 port.
 * - `/redirect?to=<url>&status=<3xx>` answers that redirect;
 * - `/loop` redirects to itself;
 * - anything else answers 200 JSON `{ method, path, headers, body }`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RedirectServer {
  readonly port: number;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startRedirectServer(): Promise<RedirectServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://local.invalid');
      const seen = {
        method: request.method ?? '',
        path: url.pathname,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      if (url.pathname === '/redirect') {
        const status = Number(url.searchParams.get('status') ?? 302);
        response.writeHead(status, { location: url.searchParams.get('to') ?? '/' }).end('moved');
      } else if (url.pathname === '/loop') {
        response.writeHead(302, { location: '/loop' }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

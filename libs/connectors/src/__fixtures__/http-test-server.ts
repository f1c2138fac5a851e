/**
 * Test support: a real HTTP server on a free local port.
 * - `/echo/…` answers 200 JSON `{ method, path, query, headers, body }` describing the request;
 * - `/text` answers 200 text/plain `hello`;
 * - `/status/<code>` answers that status with a text body;
 * - `/slow` answers after 500 ms.
 * Every request is also kept in `requests`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface TestServer {
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

const SLOW_MS = 500;

export async function startTestServer(): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://test.invalid');
      const text = Buffer.concat(chunks).toString('utf8');
      const isJson = request.headers['content-type']?.includes('json') ?? false;
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length === 1 ? values[0] : values;
      }
      const received = {
        method: request.method ?? '',
        path: url.pathname,
        query,
        headers: request.headers,
        body: isJson && text ? JSON.parse(text) : text,
      };
      requests.push(received);

      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (status) {
        response.writeHead(Number(status[1]), { 'content-type': 'text/plain' }).end(`status ${status[1]}`);
      } else if (url.pathname === '/text') {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('hello');
      } else if (url.pathname === '/slow') {
        setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain' }).end('late'), SLOW_MS);
      } else {
        response
          .writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test' })
          .end(JSON.stringify(received));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Date.now() when it arrived. */
  readonly at: number;
}

/** What the server does with the n-th request: answer, or cut the connection without answering. */
export type Answer =
  | { readonly status: number; readonly body?: string | object; readonly headers?: Record<string, string> }
  | 'hang-up'
  | 'never';

/**
 * A real HTTP server on loopback whose answers a spec scripts, for what no running ingress does on
 * demand (a Retry-After, a connection cut mid-request, a proxy's HTML error page, no answer at all).
 */
export interface ScriptedServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  answer: (request: SeenRequest, index: number) => Answer,
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      if (reply === 'hang-up') return req.socket.destroy();
      if (reply === 'never') return void open.add(res);
      const text =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

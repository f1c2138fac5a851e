import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthResponse, healthRouteOf, type HealthDependencies, type HealthResponse } from './health-routes';

export interface HealthServerOptions extends HealthDependencies {
  /** HEALTH_PORT; 0 picks a free port. */
  readonly port: number;
  /** Default: all interfaces, so the orchestrator's probes can reach it. */
  readonly host?: string;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/** /healthz, /readyz and /metrics over node:http, for services that are not HTTP apps. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    answer(request, options).then(
      (reply) => send(response, reply),
      (error: unknown) =>
        send(response, errorReply(500, 'internal', error instanceof Error ? error.message : String(error))),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, dependencies: HealthDependencies): Promise<HealthResponse> {
  const route = healthRouteOf(request.url ?? '/');
  if (route === undefined) return errorReply(404, 'not-found', `no route ${request.method} ${request.url}`);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorReply(405, 'method-not-allowed', `${request.url} answers GET only`);
  }
  return healthResponse(route, dependencies);
}

/** The JSON error body of interfaces.md. */
function errorReply(status: number, code: string, message: string): HealthResponse {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: { code, message } }),
  };
}

function send(response: ServerResponse, reply: HealthResponse): void {
  response.writeHead(reply.status, { 'content-type': reply.contentType });
  response.end(response.req.method === 'HEAD' ? undefined : reply.body);
}

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Metrics } from './metrics';
import { observeHttpRoutes } from './http-routes';

let server: FastifyInstance;
let metrics: Metrics;
let base: string;

beforeAll(async () => {
  metrics = new Metrics({ service: 'ingress', defaultMetrics: false });
  server = Fastify();
  observeHttpRoutes(server, metrics);
  server.get('/api/runs/:id', async () => ({ ok: true }));
  server.post('/webhooks/*', async (_request, reply) => reply.code(202).send({ runId: 'r' }));
  server.get('/readyz', async () => ({ status: 'ok' }));
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
});

describe('observeHttpRoutes', () => {
  it('counts requests by method, route template and status, never by raw path', async () => {
    await fetch(`${base}/api/runs/run-1`);
    await fetch(`${base}/api/runs/run-2`);
    await fetch(`${base}/webhooks/shop/orders`, { method: 'POST' });
    await fetch(`${base}/no/such/route`);
    const text = await metrics.text();
    expect(text).toContain(
      'baton_http_requests_total{method="GET",route="/api/runs/:id",status="200",service="ingress"} 2',
    );
    expect(text).toContain(
      'baton_http_requests_total{method="POST",route="/webhooks/*",status="202",service="ingress"} 1',
    );
    expect(text).toContain(
      'baton_http_requests_total{method="GET",route="unmatched",status="404",service="ingress"} 1',
    );
    expect(text).not.toContain('run-1');
  });

  it('leaves probes and scrapes out', async () => {
    await fetch(`${base}/readyz`);
    expect(await metrics.text()).not.toContain('route="/readyz"');
  });
  // The server span's new name is checked end to end (test/observability.e2e-spec.ts): Jest's module
  // loader bypasses the require hook the HTTP instrumentation patches node:http with.
});

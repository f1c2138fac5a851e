import { Metrics } from '../metrics/metrics';
import { startHealthServer, type HealthServer } from './health-server';
import { ReadinessChecks } from './readiness-checks';

describe('startHealthServer', () => {
  let server: HealthServer;
  let checks: ReadinessChecks;
  let metrics: Metrics;
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

  beforeEach(async () => {
    checks = new ReadinessChecks();
    metrics = new Metrics({ service: 'orchestrator', defaultMetrics: false });
    server = await startHealthServer({ port: 0, host: '127.0.0.1', checks, registry: metrics.registry });
  });

  afterEach(() => server.close());

  it('answers /healthz with 200 { status: ok } while the process runs', async () => {
    const response = await fetch(url('/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when every registered check passes', async () => {
    checks.register('nats', () => true).register('database', async () => undefined);
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { nats: { ok: true }, database: { ok: true } },
    });
  });

  it('answers /readyz with 503 naming the failed checks and why', async () => {
    checks
      .register('nats', () => true)
      .register('database', async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      })
      .register('kv', () => false);
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      failed: ['database', 'kv'],
      checks: {
        nats: { ok: true },
        database: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5432' },
        kv: { ok: false, error: 'not ready' },
      },
    });
  });

  it('fails a check that does not answer within its time-out instead of hanging the probe', async () => {
    checks.register('slow', () => new Promise<boolean>(() => undefined), { timeoutMs: 50 });
    const response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      failed: ['slow'],
      checks: { slow: { error: 'no answer within 50 ms' } },
    });
  });

  it('answers /metrics with the Prometheus text of the registry', async () => {
    metrics.counter('baton_events_appended_total', 'Events appended').inc(3);
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toMatch(/baton_events_appended_total\{service="orchestrator"\} 3/);
  });

  it('ignores a query string', async () => {
    expect((await fetch(url('/healthz?probe=k8s'))).status).toBe(200);
  });

  it('answers any other path with a 404 JSON error', async () => {
    const response = await fetch(url('/api/runs'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('answers other methods with 405', async () => {
    expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(405);
  });
});

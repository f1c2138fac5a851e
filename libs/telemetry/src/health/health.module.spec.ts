import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Metrics } from '../metrics/metrics';
import { HealthModule } from './health.module';
import { ReadinessChecks } from './readiness-checks';

/** Stands for a service module that registers its dependency and records a metric. */
@Injectable()
class FakeNatsConnection implements OnModuleInit {
  connected = true;

  constructor(
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.checks.register('nats', () => this.connected);
    this.metrics.counter('baton_webhooks_received_total', 'Webhooks received').inc();
  }
}

@Module({ providers: [FakeNatsConnection] })
class MessagingModule {}

@Module({ imports: [HealthModule.forRoot({ service: 'ingress' }), MessagingModule] })
class AppModule {}

describe('HealthModule', () => {
  let app: NestFastifyApplication;
  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('answers GET /healthz with 200 { status: ok }', async () => {
    const response = await get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with the checks other modules registered: 200, then 503 naming the one that fails', async () => {
    expect((await get('/readyz')).statusCode).toBe(200);
    app.get(FakeNatsConnection).connected = false;
    const response = await get('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', failed: ['nats'] });
    app.get(FakeNatsConnection).connected = true;
  });

  it('answers GET /metrics with the Prometheus text, including metrics other modules recorded', async () => {
    const response = await get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toMatch(/baton_webhooks_received_total\{service="ingress"\} 1/);
  });
});

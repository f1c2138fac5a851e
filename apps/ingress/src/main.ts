import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigs, IngressConfig, NatsConfig, TelemetryConfig } from '@baton/config';
import { connectNats, provision } from '@baton/messaging';
import { createLogger, Metrics, NestLogger, ReadinessChecks, startTelemetry } from '@baton/telemetry';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { IngressModule } from './ingress.module';

/** Longest graceful shutdown before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const config = loadConfigs({ ingress: IngressConfig, nats: NatsConfig, telemetry: TelemetryConfig });
  const logger = createLogger({ service: 'ingress', level: config.telemetry.LOG_LEVEL });
  const telemetry = startTelemetry({
    service: 'ingress',
    endpoint: config.telemetry.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  // Every webhook request publishes from a callback of its own: one socket write per event-loop
  // turn for all of them halves ingress's and NATS's CPU per delivery (docs/decisions.md).
  const nc = await connectNats({ url: config.nats.NATS_URL, name: 'ingress', publishFlush: 'turn' });
  const layout = { partitions: config.nats.BATON_PARTITIONS };
  // Refuses to start when the stack was provisioned with another partition count.
  await provision(nc, layout);

  const checks = new ReadinessChecks();
  checks.register('nats', async () => !nc.isClosed());
  const adapter = new FastifyAdapter({ bodyLimit: config.ingress.MAX_BODY_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngressModule.forRoot(nc, layout, { metrics: new Metrics({ service: 'ingress' }), checks }),
    adapter,
    { logger: new NestLogger(logger), bodyParser: false },
  );
  // Every body is kept as raw bytes: signatures are verified on them, and each route parses (and
  // answers 400/415) in one place, http/request-body.ts.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.useGlobalFilters(new ApiExceptionFilter());
  await app.listen(config.ingress.INGRESS_PORT, '0.0.0.0');
  logger.info({ port: config.ingress.INGRESS_PORT }, 'ingress listening');

  // app.close() stops taking requests, runs the shutdown hooks (NATS drained last) and returns.
  const stop = async () => {
    // Nothing unacknowledged is lost by cutting a hung shutdown short: a webhook is answered 202
    // only after JetStream has it.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    await app.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

bootstrap().catch((error: Error) => {
  // Before the logger exists (bad configuration, NATS unreachable) plain stderr is all there is.
  process.stderr.write(`ingress failed to start: ${error.message}\n`);
  process.exit(1);
});

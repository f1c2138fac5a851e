import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  IngressConfig,
  listensBeyondLoopback,
  loadConfigs,
  NatsConfig,
  TelemetryConfig,
} from '@baton/config';
import { connectNats, prepareLayout, watchConnection } from '@baton/messaging';
import {
  createLogger,
  Metrics,
  NestLogger,
  observeHttpRoutes,
  ReadinessChecks,
  startTelemetry,
} from '@baton/telemetry';
import { answerFrameworkError, ApiExceptionFilter } from './http/api-exception.filter';
import { IngressModule } from './ingress.module';

/** Longest graceful shutdown before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const config = loadConfigs({ ingress: IngressConfig, nats: NatsConfig, telemetry: TelemetryConfig });
  const logger = createLogger({ service: 'ingress', level: config.telemetry.LOG_LEVEL });
  const telemetry = startTelemetry({
    service: 'ingress',
    endpoint: config.telemetry.OTEL_EXPORTER_OTLP_ENDPOINT,
    env: process.env,
  });
  // Every webhook request publishes from a callback of its own: one socket write per event-loop
  // turn for all of them halves ingress's and NATS's CPU per delivery (docs/decisions.md).
  const nc = await connectNats({ url: config.nats.NATS_URL, name: 'ingress', publishFlush: 'turn' });
  const layout = { partitions: config.nats.BATON_PARTITIONS };
  // Provisions (BATON_PROVISION=auto) or checks the layout; refuses to start when the stack was
  // provisioned with another partition count, or (off) not provisioned at all.
  await prepareLayout(nc, config.nats.BATON_PROVISION, {
    ...layout,
    replicas: config.nats.JETSTREAM_REPLICAS,
  });

  // Unready while NATS is away (nothing can be accepted then); PostgreSQL down is no reason: webhooks
  // are still accepted and the read models catch up.
  const connection = watchConnection(nc);
  const checks = new ReadinessChecks();
  checks.register('nats', () => {
    if (!connection.connected) throw new Error(connection.reason ?? 'NATS is not connected');
  });
  const metrics = new Metrics({ service: 'ingress' });
  const adapter = new FastifyAdapter({
    bodyLimit: config.ingress.MAX_BODY_BYTES,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngressModule.forRoot(nc, layout, { metrics, checks }),
    adapter,
    { logger: new NestLogger(logger), bodyParser: false },
  );
  // Every body is kept as raw bytes: signatures are verified on them, and each route parses (and
  // answers 400/415) in one place, http/request-body.ts.
  const fastify = app.getHttpAdapter().getInstance();
  observeHttpRoutes(fastify, metrics);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.useGlobalFilters(new ApiExceptionFilter());
  const { HOST: host, INGRESS_PORT: port, BATON_API_KEY: apiKey } = config.ingress;
  await app.listen(port, host);
  logger.info({ host, port }, 'ingress listening');
  if (listensBeyondLoopback(host) && !apiKey) {
    logger.warn(
      { host },
      'ingress listens beyond loopback without BATON_API_KEY: webhooks are reachable from the network, the API only from this host',
    );
  }

  // app.close() stops taking requests, runs the shutdown hooks (NATS drained last) and returns.
  const stop = async (signal: string) => {
    // Said first, as the other services do: an operator sees the stop began, not only that it ended.
    logger.info({ signal }, 'ingress stopping');
    // Nothing unacknowledged is lost by cutting a hung shutdown short: a webhook is answered 202
    // only after JetStream has it.
    setTimeout(() => {
      logger.warn({ afterMs: SHUTDOWN_DEADLINE_MS }, 'ingress did not stop in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await app.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

bootstrap().catch((error: Error) => {
  // Before the logger exists (bad configuration, NATS unreachable) plain stderr is all there is.
  process.stderr.write(`ingress failed to start: ${error.message}\n`);
  process.exit(1);
});

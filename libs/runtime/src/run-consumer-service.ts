import { healthConfigFor, loadConfigs, NatsConfig, PayloadConfig, TelemetryConfig } from '@baton/config';
import { startHealthServer, startTelemetry } from '@baton/telemetry';
import { captured } from './service-capture';
import {
  startConsumerService,
  type ConsumerServiceOptions,
  type StartedConsumerService,
} from './start-consumer-service';

/** Longest graceful shutdown before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * A service that consumes JetStream as its own process (each `main.ts`): the service started
 * (start-consumer-service.ts), /healthz, /readyz, /metrics on its HEALTH_PORT, and SIGTERM/SIGINT
 * stopping it: stop pulling, finish in-flight messages, drain the connection, flush spans.
 *
 * While a host collects service definitions (`captureConsumerServices`, the single-process host
 * loading each main.js), this records the options instead, and the host runs them.
 */
export async function runConsumerService(options: ConsumerServiceOptions): Promise<void> {
  if (captured(options)) return;
  const { service } = options;
  let started: StartedConsumerService;
  let health: Awaited<ReturnType<typeof startHealthServer>>;
  try {
    // Every variable checked at once, so a refusal names them all (one line each).
    const config = loadConfigs({
      nats: NatsConfig,
      telemetry: TelemetryConfig,
      health: healthConfigFor(service),
      payload: PayloadConfig,
    });
    started = await startConsumerService(options);
    health = await startHealthServer({
      port: config.health.HEALTH_PORT,
      checks: started.checks,
      registry: started.metrics.registry,
    });
  } catch (error) {
    process.stderr.write(`${service} failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const { logger } = started;
  logger.info({ healthPort: health.port }, `${service} started`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${service} stopping`);
    exitIfStuck(() =>
      logger.warn({ afterMs: SHUTDOWN_DEADLINE_MS }, `${service} did not stop in time; exiting`),
    );
    await started.stop();
    await health.close(); // the messaging module drained the connection
    await startTelemetry({ service, env: process.env }).shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * Unacknowledged messages are redelivered to another replica, so a shutdown that hangs (a handler
 * stuck on a dead connection) may be cut short without losing work.
 */
export function exitIfStuck(report: () => void): void {
  setTimeout(() => {
    report();
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
}

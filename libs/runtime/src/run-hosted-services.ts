import { HealthConfig, loadConfigs, NatsConfig, TelemetryConfig } from '@baton/config';
import {
  createLogger,
  MergedExposition,
  Metrics,
  ReadinessChecks,
  runAsService,
  startHealthServer,
  type Telemetry,
} from '@baton/telemetry';
import { exitIfStuck, SHUTDOWN_DEADLINE_MS } from './run-consumer-service';
import {
  startConsumerService,
  type ConsumerServiceOptions,
  type StartedConsumerService,
} from './start-consumer-service';

export interface HostedServicesOptions {
  /** The host's name in its own log lines and on its process metrics (`services`). */
  readonly name: string;
  /** What each service's main.ts defines (`captureConsumerServices`). */
  readonly services: readonly ConsumerServiceOptions[];
  /** The process's tracing, started (with `hosts`) before any instrumented module was loaded. */
  readonly telemetry: Telemetry;
}

/**
 * Several consuming services in one process (`baton start --single-process`), over the same streams
 * and consumers as their own processes would use: each keeps its NATS connection, Nest application,
 * logger (`service` on its lines), readiness checks and registry (`service` label); the process has
 * one /healthz, /readyz (ready when every service is) and /metrics (every registry merged, the
 * process's CPU and memory once) on HEALTH_PORT, one tracing SDK, and one SIGTERM/SIGINT that stops
 * them all. Each service starts inside `runAsService`, so its spans carry `baton.service`.
 * Exits 1 when any service cannot start (after stopping those that did).
 */
export async function runHostedServices(options: HostedServicesOptions): Promise<void> {
  const { name } = options;
  try {
    const config = loadConfigs({ nats: NatsConfig, telemetry: TelemetryConfig, health: HealthConfig });
    const logger = createLogger({ service: name, level: config.telemetry.LOG_LEVEL });
    const outcomes = await Promise.allSettled(
      options.services.map((definition) =>
        runAsService(definition.service, () => startConsumerService(definition, { processMetrics: false })),
      ),
    );
    const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failures = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [`${options.services[index].service} failed to start: ${(outcome.reason as Error).message}`]
        : [],
    );
    if (failures.length > 0) {
      await Promise.allSettled(started.map((service) => service.stop()));
      throw new Error(failures.join('; '));
    }

    const processMetrics = new Metrics({ service: name });
    const health = await startHealthServer({
      port: config.health.HEALTH_PORT,
      checks: everyServiceReady(started),
      registry: new MergedExposition([
        processMetrics.registry,
        ...started.map((service) => service.metrics.registry),
      ]),
    });
    for (const service of started)
      service.logger.info({ healthPort: health.port }, `${service.service} started`);
    const names = started.map((service) => service.service);
    logger.info({ healthPort: health.port, services: names }, `${name} started: ${names.join(', ')}`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `${name} stopping`);
      exitIfStuck(() =>
        logger.warn({ afterMs: SHUTDOWN_DEADLINE_MS }, `${name} did not stop in time; exiting`),
      );
      await Promise.all(started.map((service) => service.stop()));
      await health.close();
      await options.telemetry.shutdown();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    process.stderr.write(`${name} failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** One check per hosted service: it fails with the names of that service's failed checks. */
function everyServiceReady(services: readonly StartedConsumerService[]): ReadinessChecks {
  const checks = new ReadinessChecks();
  for (const { service, checks: own } of services) {
    checks.register(service, async () => {
      const report = await own.run();
      if (report.ready) return;
      const why = report.failed.map((check) => `${check}: ${report.checks[check].error ?? 'not ready'}`);
      throw new Error(why.join('; '));
    });
  }
  return checks;
}

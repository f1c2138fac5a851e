import 'reflect-metadata';
import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  loadConfigs,
  NatsConfig,
  PayloadConfig,
  TelemetryConfig,
  type ServiceWithHealthPort,
} from '@baton/config';
import { installPayloadCodecFromKeys } from '@baton/payload-codec';
import {
  connectNats,
  JetStreamServer,
  natsLayout,
  PartitionOwnership,
  prepareLayout,
  streamOfConsumer,
  watchConnection,
  watchConsumerBacklog,
  type JetStreamContext,
  type LayoutOptions,
} from '@baton/messaging';
import {
  consumerLagMetrics,
  createLogger,
  messageHandlingMetrics,
  Metrics,
  NestLogger,
  ReadinessChecks,
  startTelemetry,
  type Logger,
} from '@baton/telemetry';

/** How often the consumers' backlog gauges are read from JetStream. */
const BACKLOG_REFRESH_MS = 10_000;

export interface ServiceContext {
  readonly nc: NatsConnection;
  /** The layout every adapter of this process must use (`BATON_PARTITIONS`, checked against the stack's). */
  readonly layout: LayoutOptions;
  readonly logger: Logger;
  readonly checks: ReadinessChecks;
  readonly metrics: Metrics;
}

export interface ConsumerServiceOptions {
  readonly service: ServiceWithHealthPort;
  /** The service's module: its `@EventPattern('<consumer>')` handlers and what they need. */
  readonly module: (context: ServiceContext) => DynamicModule | Promise<DynamicModule>;
  /**
   * Handlers chosen at start rather than by `@EventPattern` (the worker consumes only the groups in
   * WORKER_OPERATIONS): consumer name → handler, built from the created application.
   */
  readonly handlers?: (
    app: INestMicroservice,
    context: ServiceContext,
  ) => Record<string, (payload: unknown, ctx: JetStreamContext) => Promise<unknown>>;
  /** Consumers that pull only while the service's other consumers of their stream are idle. */
  readonly lowPriority?: (consumer: string) => boolean;
  /** Messages handled at once per consumer. */
  readonly maxInFlight?: number | Readonly<Record<string, number>>;
  /** Delay before a message whose handler threw comes back (default: 1 s doubling to 60 s). */
  readonly redeliveryDelay?: (deliveryCount: number) => number;
  /** Durable consumers the service pulls itself (not through Nest handlers): their backlog is exported too. */
  readonly ownConsumers?: readonly string[];
  /**
   * Consumers of one inbox partition (the orchestrator's commands and starts of partition p): each
   * partition is read by one replica of the service at a time, under its lease, and the partitions
   * are shared among the live replicas (PartitionOwnership). Without it every consumer is read by
   * every replica.
   */
  readonly partitionConsumers?: (partition: number) => readonly string[];
}

/** Where a service runs: alone in its process (the default), or hosted beside others. */
export interface ServiceHosting {
  /**
   * Collect the process's CPU, memory, event-loop and GC metrics in this service's registry. A host
   * of several collects them once, in a registry of its own.
   */
  readonly processMetrics: boolean;
}

/** A started service: consuming, with its checks and metrics for whoever serves /readyz and /metrics. */
export interface StartedConsumerService {
  readonly service: ServiceWithHealthPort;
  readonly logger: Logger;
  readonly checks: ReadinessChecks;
  readonly metrics: Metrics;
  /** Stops pulling, settles in-flight messages, closes the app (whose messaging module drains NATS). */
  stop(): Promise<void>;
}

/**
 * Starts a service that consumes JetStream (orchestrator, worker, scheduler, projector, notifier):
 * validated configuration, JSON logs, one NATS connection with the layout provisioned, the Nest
 * microservice on the JetStream transport. Every handled message is traced and counted
 * (`baton_messages_handled_total`), every consumer's backlog is a gauge, and the `nats` check fails
 * while NATS is away. Owns no process-wide resource (signals, ports, exit), so a host may start
 * several side by side; it throws when the service cannot start.
 */
export async function startConsumerService(
  options: ConsumerServiceOptions,
  hosting: ServiceHosting = { processMetrics: true },
): Promise<StartedConsumerService> {
  const { service } = options;
  const config = loadConfigs({ nats: NatsConfig, telemetry: TelemetryConfig, payload: PayloadConfig });
  // Every edge that writes or reads run payloads (event log, inbox, tasks) uses this codec.
  installPayloadCodecFromKeys(config.payload.BATON_PAYLOAD_KEY);
  const logger = createLogger({ service, level: config.telemetry.LOG_LEVEL });
  // Usually started already by main.ts's first import (or the host's); this returns that handle.
  startTelemetry({ service, endpoint: config.telemetry.OTEL_EXPORTER_OTLP_ENDPOINT, env: process.env });
  const nc = await connectNats({ url: config.nats.NATS_URL, name: service });
  const layout: LayoutOptions = { partitions: config.nats.BATON_PARTITIONS };
  // Provisions (BATON_PROVISION=auto) or checks the layout; refuses to start when the stack was
  // provisioned with another partition count, or (off) not provisioned at all.
  await prepareLayout(nc, config.nats.BATON_PROVISION, {
    ...layout,
    replicas: config.nats.JETSTREAM_REPLICAS,
  });
  const connection = watchConnection(nc);
  const checks = new ReadinessChecks().register('nats', () => {
    if (!connection.connected) throw new Error(connection.reason ?? 'NATS is not connected');
  });
  const metrics = new Metrics({ service, defaultMetrics: hosting.processMetrics });
  const context: ServiceContext = { nc, layout, logger, checks, metrics };
  const module = await options.module(context);
  const handled = messageHandlingMetrics(metrics);
  const consumersOf = options.partitionConsumers;
  const partitioned = new Set(
    consumersOf === undefined
      ? []
      : Array.from({ length: natsLayout(layout).partitions }, (_, p) => consumersOf(p)).flat(),
  );
  const server = new JetStreamServer({
    ...layout,
    connection: nc,
    maxInFlight: options.maxInFlight,
    redeliveryDelay: options.redeliveryDelay,
    onHandled: (consumer, disposition, seconds) => handled.observe(consumer, disposition.kind, seconds),
    lowPriority: options.lowPriority,
    ...(partitioned.size > 0 ? { claimable: (consumer: string) => partitioned.has(consumer) } : {}),
  });
  const app = await NestFactory.createMicroservice(module, {
    strategy: server,
    logger: new NestLogger(logger),
  });
  for (const [consumer, handler] of Object.entries(options.handlers?.(app, context) ?? {})) {
    server.addHandler(consumer, handler as Parameters<JetStreamServer['addHandler']>[1], true);
  }
  await app.listen();
  const ownership =
    consumersOf === undefined
      ? undefined
      : new PartitionOwnership(nc, {
          bucket: natsLayout(layout).buckets.leases,
          partitions: natsLayout(layout).partitions,
          logger: partitionLogger(logger),
          onAcquired: (partition) => server.resume(consumersOf(partition)),
          onReleased: (partition) => server.pause(consumersOf(partition)),
        });
  await ownership?.start();
  const lag = consumerLagMetrics(metrics);
  const names = natsLayout(layout);
  const backlog = watchConsumerBacklog(
    nc,
    [...server.getHandlers().keys(), ...(options.ownConsumers ?? [])].map((consumer) => ({
      consumer,
      stream: streamOfConsumer(names, consumer),
    })),
    ({ stream, consumer, pending, ackPending }) => lag.set(stream, consumer, { pending, ackPending }),
    BACKLOG_REFRESH_MS,
  );
  await backlog.refresh();
  return {
    service,
    logger,
    checks,
    metrics,
    async stop() {
      // Stops reading the partitions and hands them to the other replicas before the rest closes.
      await ownership?.stop();
      backlog.stop();
      await server.close();
      logger.debug('stopped pulling; in-flight messages settled');
      await app.close();
      logger.debug('application closed');
    },
  };
}

/** Partitions taken and handed over are logged at info, marked `activity: partitions`. */
function partitionLogger(logger: Logger) {
  return {
    log: (message: string) => logger.info({ activity: 'partitions' }, message),
    warn: (message: string) => logger.warn({ activity: 'partitions' }, message),
    error: (message: string, stack?: string) => logger.error({ activity: 'partitions', stack }, message),
  };
}

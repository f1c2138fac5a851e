import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { ConsumerConfig, StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { CONSUMERS, type LayoutOptions, type NatsLayout, workerConsumerName } from './nats-layout';
import { WORKER_OPERATIONS } from './worker-operations';

/**
 * The settings of every stream, bucket and consumer, as data; provision.ts applies them. The README
 * explains each number; change them here and there together.
 */
export interface LayoutSettingsOptions extends LayoutOptions {
  /** How long BATON_RUNS keeps a run's events. Default 30 days. */
  readonly runsMaxAgeMs?: number;
  /** Ack wait of every durable consumer. Default 30 s; long handlers send `working()` heartbeats. */
  readonly ackWaitMs?: number;
  /**
   * Copies of every stream, bucket and object store (JETSTREAM_REPLICAS): 1 on one server, 3 on a
   * three-node cluster. Durable consumers follow their stream.
   */
  readonly replicas?: number;
}

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;

export const DEFAULTS = {
  runsMaxAgeMs: 30 * DAY,
  duplicateWindowMs: 120 * SECOND,
  ackWaitMs: 30 * SECOND,
  ensembleHistory: 64,
  dedupeTtlMs: 7 * DAY,
  webhookLogsMaxAgeMs: 7 * DAY,
} as const;

export type StreamSettings = Partial<StreamConfig> & Pick<StreamConfig, 'name'>;
export type ConsumerSettings = Partial<ConsumerConfig> & { readonly durable_name: string };

export function streamSettings(layout: NatsLayout, options: LayoutSettingsOptions = {}): StreamSettings[] {
  const common = {
    storage: StorageType.File,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(DEFAULTS.duplicateWindowMs),
  };
  return [
    {
      ...common,
      name: layout.streams.inbox,
      subjects: [layout.streamSubjects.inbox],
      retention: RetentionPolicy.Workqueue,
    },
    {
      ...common,
      name: layout.streams.runs,
      subjects: [layout.streamSubjects.runs],
      retention: RetentionPolicy.Limits,
      max_age: nanos(options.runsMaxAgeMs ?? DEFAULTS.runsMaxAgeMs),
      // Direct gets let any replica read a run's subject without creating a consumer.
      allow_direct: true,
    },
    {
      ...common,
      name: layout.streams.tasks,
      subjects: [layout.streamSubjects.tasks],
      retention: RetentionPolicy.Workqueue,
    },
    {
      ...common,
      name: layout.streams.timers,
      subjects: [layout.streamSubjects.timers],
      // The timer store (timer-store.ts): one subject per timer holding its one message, so a
      // tombstone on the subject removes the timer; nothing expires by age (a timer may be months
      // away); the scheduler reads each due timer by sequence with a direct get.
      retention: RetentionPolicy.Limits,
      max_msgs_per_subject: 1,
      discard: DiscardPolicy.Old,
      allow_direct: true,
    },
    // Webhook log lines wait here until the projector has written them to PostgreSQL.
    {
      ...common,
      name: layout.streams.webhookLogs,
      subjects: [layout.streamSubjects.webhookLogs],
      retention: RetentionPolicy.Workqueue,
      max_age: nanos(DEFAULTS.webhookLogsMaxAgeMs),
    },
    {
      ...common,
      // The notifier's delivery attempts: a job per attempt (`baton.delivery.<deliveryId>`), published
      // by the notifier (first attempts), by timers (retries) and by ingress (redeliveries).
      name: layout.streams.deliveries,
      subjects: [layout.streamSubjects.deliveries],
      retention: RetentionPolicy.Workqueue,
    },
  ];
}

export interface ConsumerPlacement {
  readonly stream: string;
  readonly config: ConsumerSettings;
}

export function consumerSettings(
  layout: NatsLayout,
  options: LayoutSettingsOptions = {},
): ConsumerPlacement[] {
  const ackWait = nanos(options.ackWaitMs ?? DEFAULTS.ackWaitMs);
  const durable = (
    name: string,
    maxDeliver: number,
    maxAckPending: number,
    filter?: string,
  ): ConsumerSettings => ({
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: ackWait,
    max_deliver: maxDeliver,
    max_ack_pending: maxAckPending,
    ...(filter === undefined ? {} : { filter_subject: filter }),
  });
  return [
    // Commands must never be dropped: a run waits on each of them. Poison payloads are terminated by
    // the transport. Per partition, commands and starts have their own consumer (filters that do
    // not overlap, as a work queue requires), so the orchestrator takes commands first.
    ...layout.inboxConsumers().map(({ name, filter }) => ({
      stream: layout.streams.inbox,
      config: durable(name, -1, 1000, filter),
    })),
    // A task that kills its worker five times is abandoned; the attempt's time-out timer (or the run's) ends it.
    ...WORKER_OPERATIONS.map((operation) => ({
      stream: layout.streams.tasks,
      config: durable(workerConsumerName(operation), 5, 256, layout.taskSubject(operation)),
    })),
    // Read models and notifications must eventually see every event; lagging never blocks a run.
    { stream: layout.streams.runs, config: durable(CONSUMERS.projector, -1, 1000) },
    { stream: layout.streams.runs, config: durable(CONSUMERS.notifier, -1, 256) },
    { stream: layout.streams.webhookLogs, config: durable(CONSUMERS.webhookLogs, -1, 1000) },
    // An attempt is never dropped: a failing handler (PostgreSQL down) is redelivered until it records.
    { stream: layout.streams.deliveries, config: durable(CONSUMERS.notifierDeliveries, -1, 256) },
    // BATON_TIMERS has no durable consumer: each scheduler replica reads it with an ordered consumer.
  ];
}

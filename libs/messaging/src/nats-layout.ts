import { createHash } from 'node:crypto';
import {
  DEFAULT_PARTITIONS,
  type InboxSource,
  MAX_PARTITIONS,
  isValidPartitionCount,
  partitionOf,
} from '@baton/intake';
import { MessagingError } from './messaging-error';
import { WORKER_OPERATIONS, isWorkerOperation } from './worker-operations';

/**
 * Every stream, subject, bucket and consumer name of architecture.md's "NATS layout", in one place.
 *
 * The default names are the fixed ones operators inspect with the NATS CLI. A `prefix` (tests, or
 * several installations sharing one server) renames everything at once: prefix `T123_` gives stream
 * `T123_BATON_INBOX`, subjects `t123.baton.inbox.>`, bucket `T123_baton_ensembles`. Durable consumer
 * names never change: they live inside their (renamed) stream.
 *
 * The inbox is split into `partitions` (a run's partition is a stable hash of its id), each with two
 * lanes: starts (`<root>.inbox.start.<p>.<runId>`) and every other command
 * (`<root>.inbox.<p>.<source>.<runId>`), read by the durable consumers `orchestrator-start-<p>` and
 * `orchestrator-<p>`. The count is fixed when a stack is provisioned: every service must use it.
 */
export interface LayoutOptions {
  readonly prefix?: string;
  /** Inbox partitions (`BATON_PARTITIONS`); default 8. */
  readonly partitions?: number;
}

export const CONSUMERS = {
  projector: 'projector',
  notifier: 'notifier',
  webhookLogs: 'projector-webhook-logs',
  /** The notifier's delivery attempts (BATON_DELIVERIES): first attempts, retries its timers fire, redeliveries. */
  notifierDeliveries: 'notifier-deliveries',
} as const;

/** The durable consumer of a partition's commands (results, timers, API and run commands). */
export function orchestratorConsumerName(partition: number): string {
  return `orchestrator-${partition}`;
}

/** The durable consumer of a partition's starts. */
export function orchestratorStartConsumerName(partition: number): string {
  return `orchestrator-start-${partition}`;
}

const START_CONSUMER = /^orchestrator-start-(\d+)$/;

/** The partition a start consumer reads, or undefined when the name is no start consumer's. */
export function partitionOfStartConsumer(name: string): number | undefined {
  const match = START_CONSUMER.exec(name);
  return match ? Number(match[1]) : undefined;
}

export interface InboxConsumer {
  readonly name: string;
  readonly partition: number;
  readonly lane: 'commands' | 'starts';
  /** Non-overlapping, as a work queue requires. */
  readonly filter: string;
}

export interface NatsLayout {
  readonly prefix: string;
  readonly partitions: number;
  readonly streams: {
    readonly inbox: string;
    readonly runs: string;
    readonly tasks: string;
    readonly timers: string;
    readonly webhookLogs: string;
    readonly deliveries: string;
  };
  /** The wildcard subject each stream captures. */
  readonly streamSubjects: {
    readonly inbox: string;
    readonly runs: string;
    readonly tasks: string;
    readonly timers: string;
    readonly webhookLogs: string;
    readonly deliveries: string;
  };
  readonly buckets: {
    readonly ensembles: string;
    readonly dedupe: string;
    readonly waits: string;
    readonly concurrency: string;
    readonly kv: string;
    readonly leases: string;
    readonly artifacts: string;
    /** Generated signing keys (the approval links' key when BATON_APPROVAL_KEY is unset). */
    readonly keys: string;
  };
  /** `<root>.inbox.start.<partition>.<runId>`: a run's start. */
  startSubject(runId: string): string;
  /** `<root>.inbox.<partition>.<source>.<runId>`: any other command for a run, by who sends it. */
  commandSubject(source: InboxSource, runId: string): string;
  partitionOf(runId: string): number;
  /** The orchestrator's durable consumers on the inbox: per partition, its commands then its starts. */
  inboxConsumers(): readonly InboxConsumer[];
  runSubject(runId: string): string;
  taskSubject(operation: string): string;
  /**
   * One subject per timer: `baton.timer.<22 base64url characters of SHA-256(timerId)>`, so any id
   * is one valid token and the stream keeps one message per timer (`max_msgs_per_subject: 1`).
   */
  timerSubject(timerId: string): string;
  /** Where ingress publishes its webhook log lines for the projector. */
  readonly webhookLogSubject: string;
  /** `baton.delivery.<deliveryId>`: one notification delivery's attempts (BATON_DELIVERIES). */
  deliverySubject(deliveryId: string): string;
}

const PREFIX_PATTERN = /^[A-Za-z0-9_-]*$/;

export function natsLayout(options: LayoutOptions = {}): NatsLayout {
  const prefix = options.prefix ?? '';
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new MessagingError(
      'invalid-prefix',
      `Layout prefix "${prefix}" may only hold letters, digits, "_" and "-"`,
    );
  }
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  if (!isValidPartitionCount(partitions)) {
    throw new MessagingError(
      'invalid-partitions',
      `The inbox partition count (BATON_PARTITIONS) must be a whole number from 1 to ${MAX_PARTITIONS}, not ${partitions}`,
    );
  }
  const subjectRoot = subjectRootFor(prefix);
  const inboxRoot = `${subjectRoot}.inbox`;
  const partition = (runId: string) => partitionOf(subjectToken(runId, 'run id'), partitions);
  const streamSubjects = {
    // Both lanes are three tokens after `inbox`; a subject of any other shape has no consumer, so
    // the stream refuses it rather than keep it for ever.
    inbox: `${inboxRoot}.*.*.*`,
    runs: `${subjectRoot}.run.>`,
    tasks: `${subjectRoot}.task.>`,
    timers: `${subjectRoot}.timer.>`,
    webhookLogs: `${subjectRoot}.webhook-log`,
    deliveries: `${subjectRoot}.delivery.>`,
  };
  return {
    prefix,
    partitions,
    streams: {
      inbox: `${prefix}BATON_INBOX`,
      runs: `${prefix}BATON_RUNS`,
      tasks: `${prefix}BATON_TASKS`,
      timers: `${prefix}BATON_TIMERS`,
      webhookLogs: `${prefix}BATON_WEBHOOK_LOGS`,
      deliveries: `${prefix}BATON_DELIVERIES`,
    },
    streamSubjects,
    buckets: {
      ensembles: `${prefix}baton_ensembles`,
      dedupe: `${prefix}baton_dedupe`,
      waits: `${prefix}baton_waits`,
      concurrency: `${prefix}baton_concurrency`,
      kv: `${prefix}baton_kv`,
      leases: `${prefix}baton_leases`,
      artifacts: `${prefix}baton_artifacts`,
      keys: `${prefix}baton_keys`,
    },
    startSubject: (runId) => `${inboxRoot}.start.${partition(runId)}.${runId}`,
    commandSubject: (source, runId) => `${inboxRoot}.${partition(runId)}.${source}.${runId}`,
    partitionOf: partition,
    inboxConsumers: () =>
      Array.from({ length: partitions }, (_, p): InboxConsumer[] => [
        {
          name: orchestratorConsumerName(p),
          partition: p,
          lane: 'commands',
          // `<p>.>` would say the same, but nats-server 2.9 wants a filter within the stream's subjects.
          filter: `${inboxRoot}.${p}.*.*`,
        },
        {
          name: orchestratorStartConsumerName(p),
          partition: p,
          lane: 'starts',
          filter: `${inboxRoot}.start.${p}.*`,
        },
      ]).flat(),
    runSubject: (runId) => `${subjectRoot}.run.${subjectToken(runId, 'run id')}`,
    taskSubject: (operation) => `${subjectRoot}.task.${subjectToken(operation, 'operation')}`,
    timerSubject: (timerId) => `${subjectRoot}.timer.${timerToken(timerId)}`,
    webhookLogSubject: streamSubjects.webhookLogs,
    deliverySubject: (deliveryId) => `${subjectRoot}.delivery.${subjectToken(deliveryId, 'delivery id')}`,
  };
}

/** `T123_` → `t123.baton`: subjects are lower case by convention, and a trailing `_` reads badly there. */
function subjectRootFor(prefix: string): string {
  const token = prefix.toLowerCase().replace(/_+$/, '');
  return token === '' ? 'baton' : `${token}.baton`;
}

/** A value placed in a subject must stay one token: a `.`, wildcard or space would change what it routes to. */
export function subjectToken(value: string, what: string): string {
  if (value === '' || /[.*>\s]/.test(value)) {
    throw new MessagingError(
      'invalid-subject-token',
      `A ${what} used in a NATS subject may not be empty or hold ".", "*", ">" or spaces: "${value}"`,
    );
  }
  return value;
}

function timerToken(timerId: string): string {
  if (timerId === '') throw new MessagingError('invalid-subject-token', 'A timer id may not be empty');
  // 132 bits: two ids sharing a subject (one would replace the other) is not a practical concern.
  return createHash('sha256').update(timerId, 'utf8').digest('base64url').slice(0, 22);
}

export function workerConsumerName(operation: string): string {
  return `worker-${operation}`;
}

/** Every durable consumer of the layout with the stream it reads; the JetStream transport routes handler patterns with it. */
export function durableConsumers(layout: NatsLayout): ReadonlyMap<string, string> {
  return new Map<string, string>([
    ...layout.inboxConsumers().map(({ name }): [string, string] => [name, layout.streams.inbox]),
    [CONSUMERS.projector, layout.streams.runs],
    [CONSUMERS.notifier, layout.streams.runs],
    [CONSUMERS.webhookLogs, layout.streams.webhookLogs],
    [CONSUMERS.notifierDeliveries, layout.streams.deliveries],
    ...WORKER_OPERATIONS.map((operation): [string, string] => [
      workerConsumerName(operation),
      layout.streams.tasks,
    ]),
  ]);
}

export function streamOfConsumer(layout: NatsLayout, consumer: string): string {
  const stream = durableConsumers(layout).get(consumer);
  if (stream === undefined) {
    const workerHint =
      consumer.startsWith('worker-') && !isWorkerOperation(consumer.slice('worker-'.length))
        ? ` (workers exist for: ${WORKER_OPERATIONS.join(', ')})`
        : '';
    throw new MessagingError(
      'unknown-consumer',
      `"${consumer}" is not a durable consumer of the Baton layout${workerHint}`,
    );
  }
  return stream;
}

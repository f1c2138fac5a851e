import { createHash } from 'node:crypto';
import { MessagingError } from './messaging-error';
import { WORKER_OPERATIONS, isWorkerOperation } from './worker-operations';

/**
 * Every stream, subject, bucket and consumer name of architecture.md's "NATS layout", in one place.
 *
 * The default names are the fixed ones operators inspect with the NATS CLI. A `prefix` (tests, or
 * several installations sharing one server) renames everything at once: prefix `T123_` gives stream
 * `T123_BATON_INBOX`, subjects `t123.baton.inbox.>`, bucket `T123_baton_ensembles`. Durable consumer
 * names never change: they live inside their (renamed) stream.
 */
export interface LayoutOptions {
  readonly prefix?: string;
}

export const CONSUMERS = {
  orchestrator: 'orchestrator',
  projector: 'projector',
  notifier: 'notifier',
  webhookLogs: 'projector-webhook-logs',
  /** The notifier's delivery attempts (BATON_DELIVERIES): first attempts, retries its timers fire, redeliveries. */
  notifierDeliveries: 'notifier-deliveries',
} as const;

export interface NatsLayout {
  readonly prefix: string;
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
  inboxSubject(runId: string): string;
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
  const subjectRoot = subjectRootFor(prefix);
  const streamSubjects = {
    inbox: `${subjectRoot}.inbox.>`,
    runs: `${subjectRoot}.run.>`,
    tasks: `${subjectRoot}.task.>`,
    timers: `${subjectRoot}.timer.>`,
    webhookLogs: `${subjectRoot}.webhook-log`,
    deliveries: `${subjectRoot}.delivery.>`,
  };
  return {
    prefix,
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
    inboxSubject: (runId) => `${subjectRoot}.inbox.${subjectToken(runId, 'run id')}`,
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
    [CONSUMERS.orchestrator, layout.streams.inbox],
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

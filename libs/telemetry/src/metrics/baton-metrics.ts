import type { Metrics } from './metrics';

/**
 * Baton's own series, each defined once here (name, help, labels, buckets) and recorded by the
 * service that knows the fact. Labels hold names and outcomes only, never ids, so series stay few.
 * The README's "Operations" section lists them.
 */

/** Seconds: from a millisecond decision to a minute-long agent call. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export type RunEndStatus = 'completed' | 'failed' | 'timed_out' | 'cancelled';

/** The orchestrator: runs started and ended, counted when the event that says so is appended. */
export function runMetrics(metrics: Metrics) {
  const started = metrics.counter('baton_runs_started_total', 'Runs started, by ensemble', ['ensemble']);
  const ended = metrics.counter('baton_runs_ended_total', 'Runs ended, by ensemble and final status', [
    'ensemble',
    'status',
  ]);
  return {
    started: (ensemble: string) => started.inc({ ensemble }),
    ended: (ensemble: string, status: RunEndStatus) => ended.inc({ ensemble, status }),
  };
}

export type AttemptOutcome = 'succeeded' | 'failed';

/** The worker: each agent attempt it ran, by operation and outcome. */
export function agentAttemptMetrics(metrics: Metrics) {
  const attempts = metrics.counter('baton_agent_attempts_total', 'Agent attempts run by workers', [
    'operation',
    'outcome',
  ]);
  const duration = metrics.histogram(
    'baton_agent_attempt_duration_seconds',
    'How long each agent attempt ran, by operation and outcome',
    ['operation', 'outcome'],
    DURATION_BUCKETS,
  );
  return {
    observe(operation: string, outcome: AttemptOutcome, seconds: number): void {
      attempts.inc({ operation, outcome });
      duration.observe({ operation, outcome }, seconds);
    },
  };
}

export type HandlingOutcome = 'ack' | 'nak' | 'term';

/**
 * Every consuming service: each message its handlers settled, by durable consumer and disposition.
 * For `consumer="orchestrator"` the duration is the decision latency (load, decide, append, publish).
 */
export function messageHandlingMetrics(metrics: Metrics) {
  const handled = metrics.counter(
    'baton_messages_handled_total',
    'Messages handled, by consumer and outcome',
    ['consumer', 'outcome'],
  );
  const duration = metrics.histogram(
    'baton_message_handling_duration_seconds',
    'How long a handler took per message, by consumer and outcome (orchestrator: the decision latency)',
    ['consumer', 'outcome'],
    DURATION_BUCKETS,
  );
  return {
    observe(consumer: string, outcome: HandlingOutcome, seconds: number): void {
      handled.inc({ consumer, outcome });
      duration.observe({ consumer, outcome }, seconds);
    },
  };
}

/** Every consuming service: its durable consumers' backlog, from JetStream's consumer info. */
export function consumerLagMetrics(metrics: Metrics) {
  const pending = metrics.gauge(
    'baton_consumer_pending_messages',
    'Messages of the stream not yet delivered to the consumer (its backlog)',
    ['stream', 'consumer'],
  );
  const ackPending = metrics.gauge(
    'baton_consumer_ack_pending_messages',
    'Messages delivered to the consumer and not yet acknowledged (in flight)',
    ['stream', 'consumer'],
  );
  return {
    set(stream: string, consumer: string, backlog: { pending: number; ackPending: number }): void {
      pending.set({ stream, consumer }, backlog.pending);
      ackPending.set({ stream, consumer }, backlog.ackPending);
    },
  };
}

/**
 * The scheduler: timers stored and not yet fired, as this replica's index holds them (the timer
 * store has no durable consumer whose info would say it), read at each scrape.
 */
export function timerBacklogMetrics(metrics: Metrics, pending: () => number): void {
  metrics.gauge('baton_timers_pending', 'Timers stored and not yet fired', [], (gauge) =>
    gauge.set(pending()),
  );
}

export type CronFireOutcome = 'started' | 'duplicate' | 'refused' | 'failed';

/**
 * The scheduler's cron instants, by ensemble and outcome (`started`; `duplicate`: the instant's run
 * was started before, by this or another replica; `refused`: unknown ensemble or input the schema
 * refuses; `failed`: not sent, tried again), and how late each fired.
 */
export function cronMetrics(
  metrics: Metrics,
): (ensemble: string, outcome: CronFireOutcome, latenessSeconds: number) => void {
  const fires = metrics.counter('baton_cron_fires_total', 'Cron instants handled, by ensemble and outcome', [
    'ensemble',
    'outcome',
  ]);
  const lateness = metrics.histogram(
    'baton_cron_lateness_seconds',
    'How long after its scheduled instant each cron run was started',
    [],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  );
  return (ensemble, outcome, latenessSeconds) => {
    fires.inc({ ensemble, outcome });
    if (outcome === 'started') lateness.observe(latenessSeconds);
  };
}

export type BreakerStateName = 'closed' | 'half-open' | 'open';
const BREAKER_STATE_VALUE: Readonly<Record<BreakerStateName, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/** The worker: each circuit breaker's state, and its transitions. */
export function breakerMetrics(metrics: Metrics) {
  const state = metrics.gauge(
    'baton_breaker_state',
    'State of each circuit breaker: 0 closed, 1 half-open, 2 open',
    ['breaker'],
  );
  const transitions = metrics.counter(
    'baton_breaker_transitions_total',
    'Circuit breaker state changes, by breaker and new state',
    ['breaker', 'state'],
  );
  return {
    changed(breaker: string, to: BreakerStateName): void {
      state.set({ breaker }, BREAKER_STATE_VALUE[to]);
      transitions.inc({ breaker, state: to });
    },
  };
}

export type NotificationOutcome = 'delivered' | 'failed' | 'retrying' | 'abandoned';

/** The notifier: each delivery attempt of an execution notification, by channel and outcome. */
export function notificationMetrics(metrics: Metrics) {
  const attempts = metrics.counter(
    'baton_notification_attempts_total',
    'Notification delivery attempts, by channel (webhook, email) and outcome',
    ['channel', 'outcome'],
  );
  const duration = metrics.histogram(
    'baton_notification_attempt_duration_seconds',
    'How long each notification delivery attempt took',
    ['channel', 'outcome'],
    DURATION_BUCKETS,
  );
  return {
    observe(channel: string, outcome: NotificationOutcome, seconds: number): void {
      attempts.inc({ channel, outcome });
      duration.observe({ channel, outcome }, seconds);
    },
  };
}

/** Ingress: each HTTP request, by route template (not the raw path) and status. */
export function httpRequestMetrics(metrics: Metrics) {
  const requests = metrics.counter(
    'baton_http_requests_total',
    'HTTP requests answered, by route and status',
    ['method', 'route', 'status'],
  );
  const duration = metrics.histogram(
    'baton_http_request_duration_seconds',
    'How long each HTTP request took to answer, by route and status',
    ['method', 'route', 'status'],
    DURATION_BUCKETS,
  );
  return {
    observe(method: string, route: string, status: number, seconds: number): void {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}

import {
  agentAttemptMetrics,
  breakerMetrics,
  consumerLagMetrics,
  messageHandlingMetrics,
  notificationMetrics,
  runMetrics,
  timerBacklogMetrics,
} from './baton-metrics';
import { Metrics } from './metrics';

function metrics() {
  return new Metrics({ service: 'spec', defaultMetrics: false });
}

/** The value of the series `metric` with exactly these labels (prom-client orders them its own way). */
function value(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries({ ...labels, service: 'spec' })
    .map(([key, v]) => `${key}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (match?.[1] === metric && match[2].split(',').sort().join(',') === wanted) return Number(match[3]);
  }
  return undefined;
}

describe("Baton's series", () => {
  it('counts runs started by ensemble and ended by ensemble and status', async () => {
    const m = metrics();
    const runs = runMetrics(m);
    runs.started('orders');
    runs.ended('orders', 'failed');
    const text = await m.text();
    expect(value(text, 'baton_runs_started_total', { ensemble: 'orders' })).toBe(1);
    expect(value(text, 'baton_runs_ended_total', { ensemble: 'orders', status: 'failed' })).toBe(1);
  });

  it('counts and times agent attempts, handled messages and notification attempts', async () => {
    const m = metrics();
    agentAttemptMetrics(m).observe('http', 'succeeded', 0.2);
    messageHandlingMetrics(m).observe('orchestrator', 'ack', 0.004);
    notificationMetrics(m).observe('webhook', 'delivered', 0.1);
    const text = await m.text();
    expect(value(text, 'baton_agent_attempts_total', { operation: 'http', outcome: 'succeeded' })).toBe(1);
    expect(
      value(text, 'baton_agent_attempt_duration_seconds_bucket', {
        le: '0.25',
        operation: 'http',
        outcome: 'succeeded',
      }),
    ).toBe(1);
    expect(
      value(text, 'baton_message_handling_duration_seconds_count', {
        consumer: 'orchestrator',
        outcome: 'ack',
      }),
    ).toBe(1);
    expect(
      value(text, 'baton_notification_attempts_total', { channel: 'webhook', outcome: 'delivered' }),
    ).toBe(1);
  });

  it("keeps each consumer's backlog and each breaker's state as gauges", async () => {
    const m = metrics();
    consumerLagMetrics(m).set('BATON_INBOX', 'orchestrator', { pending: 7, ackPending: 2 });
    const breakers = breakerMetrics(m);
    breakers.changed('http:api.example.com', 'open');
    breakers.changed('http:api.example.com', 'half-open');
    const text = await m.text();
    expect(
      value(text, 'baton_consumer_pending_messages', { stream: 'BATON_INBOX', consumer: 'orchestrator' }),
    ).toBe(7);
    expect(
      value(text, 'baton_consumer_ack_pending_messages', { stream: 'BATON_INBOX', consumer: 'orchestrator' }),
    ).toBe(2);
    expect(value(text, 'baton_breaker_state', { breaker: 'http:api.example.com' })).toBe(1);
    expect(
      value(text, 'baton_breaker_transitions_total', { breaker: 'http:api.example.com', state: 'open' }),
    ).toBe(1);
  });

  it('reads the timers pending at each scrape', async () => {
    const m = metrics();
    let pending = 3;
    timerBacklogMetrics(m, () => pending);
    expect(value(await m.text(), 'baton_timers_pending', {})).toBe(3);
    pending = 0;
    expect(value(await m.text(), 'baton_timers_pending', {})).toBe(0);
  });

  it('gives the same series when a recorder is made twice (one registry per process)', async () => {
    const m = metrics();
    runMetrics(m).started('a');
    runMetrics(m).started('a');
    expect(value(await m.text(), 'baton_runs_started_total', { ensemble: 'a' })).toBe(2);
  });
});

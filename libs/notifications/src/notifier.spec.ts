import { encodeDecision, snapshotEnvironment, type RunEvent } from '@baton/engine';
import type { EnsembleDefinition } from '@baton/model';
import { Outbound, parseAllowList } from '@baton/outbound';
import type { DeliveryAttempt } from '@baton/persistence';
import { startWebhookReceiver, type WebhookReceiver } from '@baton/provider-fakes';
import { DeliveryAttempts } from './delivery-attempts';
import { deliveryIdOf } from './delivery-id';
import type { DeliveryJob } from './delivery-job';
import type { NotifierDeps } from './ports';
import { RunNotifications } from './run-notifications';
import { completedRun, definitionWith } from './testing/notification-fixtures';

/** The notifier's ports in memory: the run's log, one revision, and what was queued and recorded. */
function ports(definition: EnsembleDefinition, events: RunEvent[], receiver: WebhookReceiver) {
  const queued: DeliveryJob[] = [];
  const timers: Array<{ job: DeliveryJob; dueAt: number }> = [];
  const recorded: DeliveryAttempt[] = [];
  let reads = 0;
  let clock = Date.parse('2026-12-01T10:00:10Z');
  const outbound = new Outbound({ allow: parseAllowList('127.0.0.1') });
  const deps: NotifierDeps = {
    runs: {
      read: async () => {
        reads += 1;
        return { decisions: [], events, lastSubjectSequence: events.length };
      },
    },
    definitions: {
      get: async (name, revision) => (name === 'approvals' && revision === 3 ? definition : undefined),
    },
    queue: { enqueue: async (job) => void queued.push(job) },
    retries: { schedule: async (job, dueAt) => void timers.push({ job, dueAt }) },
    log: {
      record: async (attempt) => void recorded.push(attempt),
      hasOutcome: async (id, attempt) =>
        recorded.some((row) => row.deliveryId === id && row.attempt === attempt),
    },
    outbound,
    env: snapshotEnvironment({ HOOKS: receiver.baseUrl, HOOK_SECRET: 'c4nary-hook-secret-77' }),
    timeScale: 0.5,
    now: () => clock,
    logger: { info: () => undefined, warn: () => undefined },
  };
  return {
    deps,
    queued,
    timers,
    recorded,
    reads: () => reads,
    advance: (ms: number) => (clock += ms),
    close: () => outbound.close(),
  };
}

const decision = (events: RunEvent[]) => encodeDecision({ commandId: 'c', events });

describe('the notifier', () => {
  let receiver: WebhookReceiver;
  const events = completedRun();
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  describe('from run events to delivery jobs', () => {
    const definition = definitionWith(`  - type: webhook
    url: \${env.HOOKS}/done
    events: [execution.completed, execution.failed]
  - type: webhook
    url: \${env.HOOKS}/agents
    events: [agent.completed, execution.completed]`);

    it('queues a first attempt per subscribed notification, with an id derived from the run event', async () => {
      const port = ports(definition, events, receiver);
      const jobs = await new RunNotifications(port.deps).onDecision(decision(events.slice(5)));
      expect(jobs).toEqual([
        {
          deliveryId: deliveryIdOf('run-1', 6, 0),
          runId: 'run-1',
          notification: 0,
          event: 'execution.completed',
          eventSeq: 6,
          attempt: 1,
        },
        {
          deliveryId: deliveryIdOf('run-1', 6, 1),
          runId: 'run-1',
          notification: 1,
          event: 'execution.completed',
          eventSeq: 6,
          attempt: 1,
        },
      ]);
      expect(port.queued).toEqual(jobs);
      expect(new Set(jobs.map((job) => job.deliveryId)).size).toBe(2);
      await port.close();
    });

    it('queues the same jobs when a decision is delivered again', async () => {
      const port = ports(definition, events, receiver);
      const notifications = new RunNotifications(port.deps);
      const first = await notifications.onDecision(decision(events.slice(3, 4)));
      const again = await notifications.onDecision(decision(events.slice(3, 4)));
      expect(first).toEqual(again);
      expect(first.map((job) => job.event)).toEqual(['agent.completed']);
      await port.close();
    });

    it('does not notify a decision more than a day old (a backlog from before the notifier ran)', async () => {
      const port = ports(definition, events, receiver);
      port.advance(2 * 24 * 3600_000);
      expect(await new RunNotifications(port.deps).onDecision(decision(events.slice(5)))).toEqual([]);
      expect(port.queued).toEqual([]);
      await port.close();
    });

    it('reads no log for decisions no notification of the run subscribes to', async () => {
      const port = ports(definition, events, receiver);
      const notifications = new RunNotifications(port.deps);
      expect(await notifications.onDecision(decision(events.slice(0, 3)))).toEqual([]);
      expect(await notifications.onDecision(decision(events.slice(4, 5)))).toEqual([]);
      expect(port.reads()).toBe(0);
      const timeoutsOnly = definitionWith(
        '  - { type: webhook, url: "https://x.example", events: [execution.timeout] }',
      );
      const silent = ports(timeoutsOnly, events, receiver);
      expect(await new RunNotifications(silent.deps).onDecision(decision(events.slice(0, 2)))).toEqual([]);
      expect(silent.reads()).toBe(0);
      await port.close();
      await silent.close();
    });
  });

  describe('attempts', () => {
    const definition = definitionWith(`  - type: webhook
    url: \${env.HOOKS}/flaky
    secret: \${env.HOOK_SECRET}
    retries: 3`);
    const job: DeliveryJob = {
      deliveryId: deliveryIdOf('run-1', 6, 0),
      runId: 'run-1',
      notification: 0,
      event: 'execution.completed',
      eventSeq: 6,
      attempt: 1,
    };

    it('retries on the schedule, scaled, until the receiver takes it; each attempt recorded', async () => {
      const port = ports(definition, events, receiver);
      receiver.plan('/flaky', [{ status: 503 }, { status: 500 }]);
      const attempts = new DeliveryAttempts(port.deps);
      let next: DeliveryJob | undefined = job;
      while (next !== undefined) {
        const result = await attempts.attempt(next);
        const timer = port.timers.at(-1);
        next = result.kind === 'attempted' && result.nextAttemptAt !== undefined ? timer?.job : undefined;
        port.advance(10_000);
      }
      expect(
        port.timers.map(({ job: queued, dueAt }) => [
          queued.attempt,
          dueAt - Date.parse('2026-12-01T10:00:10Z'),
        ]),
      ).toEqual([
        [2, 500],
        [3, 10_000 + 2500],
      ]);
      expect(port.recorded.map((row) => [row.attempt, row.status, row.responseCode])).toEqual([
        [1, 'retrying', 503],
        [2, 'retrying', 500],
        [3, 'delivered', 200],
      ]);
      expect(port.recorded[0]).toMatchObject({ channel: 'webhook', target: '[redacted]/flaky', eventSeq: 6 });
      const sent = receiver.receivedAt('/flaky').slice(-3);
      expect(sent.map((request) => request.headers['x-conductor-delivery-attempt'])).toEqual(['1', '2', '3']);
      expect(new Set(sent.map((request) => request.headers['x-conductor-delivery-id']))).toEqual(
        new Set([job.deliveryId]),
      );
      expect(new Set(sent.map((request) => request.raw)).size).toBe(1);
      await port.close();
    });

    it('gives up after the last retry, and at once on a 4xx', async () => {
      const port = ports(definition, events, receiver);
      receiver.plan('/flaky', [
        { status: 503 },
        { status: 503 },
        { status: 503 },
        { status: 503 },
        { status: 404 },
      ]);
      const attempts = new DeliveryAttempts(port.deps);
      for (let attempt = 1; attempt <= 4; attempt++) await attempts.attempt({ ...job, attempt });
      expect(port.recorded.map((row) => row.status)).toEqual(['retrying', 'retrying', 'retrying', 'failed']);
      expect(port.timers).toHaveLength(3);
      await attempts.attempt({ ...job, deliveryId: 'other', attempt: 1 });
      expect(port.recorded.at(-1)).toMatchObject({ status: 'failed', responseCode: 404 });
      expect(port.timers).toHaveLength(3);
      await port.close();
    });

    it("waits as long as the receiver's Retry-After asks, scaled like the schedule", async () => {
      const port = ports(definition, events, receiver);
      receiver.plan('/flaky', [{ status: 429, headers: { 'retry-after': '60' } }]);
      const result = await new DeliveryAttempts(port.deps).attempt(job);
      expect(result).toMatchObject({
        kind: 'attempted',
        nextAttemptAt: Date.parse('2026-12-01T10:00:10Z') + 30_000,
      });
      await port.close();
    });

    it('sends a redelivery once, with the attempt number it is given and no retries', async () => {
      const port = ports(definition, events, receiver);
      receiver.plan('/flaky', [{ status: 503 }]);
      await new DeliveryAttempts(port.deps).attempt({ ...job, attempt: 5, redelivery: true });
      expect(port.recorded).toEqual([
        expect.objectContaining({ attempt: 5, status: 'failed', responseCode: 503 }),
      ]);
      expect(port.timers).toEqual([]);
      expect(receiver.received.at(-1)?.headers['x-conductor-delivery-attempt']).toBe('5');
      await port.close();
    });

    it('skips an attempt recorded already, and one whose notification or run event is gone', async () => {
      const port = ports(definition, events, receiver);
      const attempts = new DeliveryAttempts(port.deps);
      await attempts.attempt(job);
      const before = receiver.received.length;
      expect(await attempts.attempt(job)).toEqual({
        kind: 'skipped',
        reason: 'this attempt is recorded already',
      });
      expect(await attempts.attempt({ ...job, deliveryId: 'x', notification: 7 })).toMatchObject({
        kind: 'skipped',
      });
      expect(await attempts.attempt({ ...job, deliveryId: 'y', eventSeq: 99 })).toMatchObject({
        kind: 'skipped',
      });
      expect(receiver.received.length).toBe(before);
      await port.close();
    });
  });
});

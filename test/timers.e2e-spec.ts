/**
 * Timers that scale and can be cancelled (issue 13), end to end: the real services as processes
 * over a private nats-server. Pending timers cost stored messages, not consumer slots; a run's
 * timers are gone once it ends; timers survive a scheduler crash and a NATS restart and fire once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { RunEvent, TimerFired } from '@baton/engine';
import { connectNats, natsLayout, TimerStore } from '@baton/messaging';
import { ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

const layout = natsLayout();
let stack: Stack;
let flaky: { url: string; calls: Map<string, number>; server: Server };
let nc: NatsConnection;
let jsm: JetStreamManager;

/** Fails the first call of each path with 503, answers the next ones. */
async function startFlakyServer() {
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    const count = (calls.get(request.url ?? '') ?? 0) + 1;
    calls.set(request.url ?? '', count);
    request.resume();
    response.writeHead(count === 1 ? 503 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ call: count }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

async function startRun(ensemble: string, input: unknown): Promise<string> {
  const { status, body } = await stack.api(`/api/ensembles/${ensemble}/runs`, { body: input });
  expect(status).toBe(202);
  return body.runId;
}

const storedTimers = async () => (await jsm.streams.info(layout.streams.timers)).state.messages;

beforeAll(async () => {
  flaky = await startFlakyServer();
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/timers'),
    env: { E2E_FLAKY_URL: flaky.url },
  });
  nc = await connectNats({ url: stack.nats.url, name: 'timers-e2e' });
  jsm = await jetstreamManager(nc);
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
  await new Promise((resolve) => flaky?.server.close(resolve));
});

describe('timers of runs that ended', () => {
  it('are gone: every run time-out, attempt time-out and wait time-out is cancelled, every sleep fired', async () => {
    const runs = await Promise.all(Array.from({ length: 30 }, (_, n) => startRun('timed-steps', { n })));
    await waitFor('30 open waits', async () => {
      const open = await Promise.all(runs.map(async (id) => (await stack.api(`/api/runs/${id}`)).body));
      return open.every((run) => run.agents?.approval?.status === 'waiting') || undefined;
    });
    // While they wait: a run time-out and a wait time-out each.
    expect(await storedTimers()).toBeGreaterThanOrEqual(60);
    for (let n = 0; n < 30; n++) {
      expect(
        (await stack.api(`/api/waits/timed-steps-${n}`, { body: { action: 'ok' } })).status,
      ).toBeLessThan(300);
    }
    for (const runId of runs) expect(await stack.ended(runId)).toMatchObject({ status: 'completed' });
    // Cancelled timers are replaced by tombstones at once; the scheduler then deletes the tombstones.
    await waitFor('the timer store to be empty', async () => (await storedTimers()) === 0 || undefined);
  });
});

describe('200,000 pending timers', () => {
  it('cost stored messages, not consumer slots: a 1-second retry timer still fires within 1 s', async () => {
    const store = new TimerStore(nc);
    const dueAt = Date.now() + 3_600_000;
    const total = 200_000;
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < total; i = next++) {
        const runId = `pending-${i}`;
        const command: TimerFired = {
          type: 'TimerFired',
          runId,
          commandId: `${runId}:run-timeout`,
          at: new Date(dueAt).toISOString(),
          timerId: `${runId}:run-timeout`,
          kind: 'run-timeout',
        };
        await store.schedule({
          id: command.timerId,
          dueAt,
          target: {
            subject: layout.commandSubject('timer', runId),
            payload: new TextEncoder().encode(JSON.stringify(command)),
            msgId: command.commandId,
          },
        });
      }
    };
    await Promise.all(Array.from({ length: 2000 }, writer));
    const info = await jsm.streams.info(layout.streams.timers);
    expect(info.state.messages).toBe(total);
    // The scheduler reads them with one headers-only ordered consumer: nothing is pending acknowledgement.
    for await (const consumer of jsm.consumers.list(layout.streams.timers)) {
      expect(consumer.config.ack_policy).toBe('none');
      expect(consumer.num_ack_pending).toBe(0);
    }

    const retries: Array<{ runId: string; dueAt: number; arrivedAt: number }> = [];
    const inbox = nc.subscribe(layout.streamSubjects.inbox, {
      callback: (_error, msg) => {
        const command = JSON.parse(new TextDecoder().decode(msg.data)) as { type: string; kind?: string };
        if (command.type === 'TimerFired' && command.kind === 'retry') {
          const fired = command as TimerFired;
          retries.push({ runId: fired.runId, dueAt: Date.parse(fired.at), arrivedAt: Date.now() });
        }
      },
    });
    try {
      const runId = await startRun('flaky-retry', { key: 'under-load' });
      expect(await stack.ended(runId)).toMatchObject({ status: 'completed', output: { call: 2 } });
      const events: RunEvent[] = (await stack.api(`/api/runs/${runId}/events`)).body.events;
      const scheduled = events.find((event) => event.type === 'AgentRetryScheduled');
      expect(scheduled?.data).toMatchObject({ delayMs: 1000 });
      const fired = retries.filter((retry) => retry.runId === runId);
      expect(fired).toHaveLength(1);
      const lateness = fired[0].arrivedAt - fired[0].dueAt;
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    } finally {
      inbox.unsubscribe();
    }
    expect(await storedTimers()).toBe(total);
  });
});

describe('a scheduler crash and a NATS restart with timers pending', () => {
  it('fire each timer once, never before it is due, and a sleeping run completes', async () => {
    const targetStream = 'E2E_TIMER_TARGET';
    await jsm.streams.add({ name: targetStream, subjects: ['e2e.timer-target.>'] });
    const store = new TimerStore(nc);
    const start = Date.now() + 4000;
    const timers = Array.from({ length: 500 }, (_, i) => ({ i, dueAt: start + i * 10 }));
    await Promise.all(
      timers.map(({ i, dueAt }) =>
        store.schedule({
          id: `restart-${i}`,
          dueAt,
          target: {
            subject: `e2e.timer-target.${i}`,
            payload: new TextEncoder().encode(String(dueAt)),
            msgId: `r-${i}`,
          },
        }),
      ),
    );
    const sleeper = await startRun('long-nap', {});
    // A standby replica; then the scheduler that fires dies without a word, and NATS restarts.
    const standby = await stack.replica('scheduler');
    await standby.start();
    await stack.services.scheduler.kill('SIGKILL');
    await nc.close();
    await stack.nats.stop();
    await stack.nats.start();
    nc = await connectNats({ url: stack.nats.url, name: 'timers-e2e-after-restart' });
    jsm = await jetstreamManager(nc);
    await stack.services.scheduler.start();

    await waitFor(
      'every timer to fire',
      async () => (await jsm.streams.info(targetStream)).state.messages >= timers.length || undefined,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const { state } = await jsm.streams.info(targetStream, { subjects_filter: 'e2e.timer-target.>' });
    expect(Object.keys(state.subjects ?? {})).toHaveLength(timers.length);
    expect(Object.values(state.subjects ?? {}).every((count) => count === 1)).toBe(true);
    for (const { i, dueAt } of timers.filter(({ i }) => i % 25 === 0)) {
      const stored = await jsm.streams.getMessage(targetStream, { last_by_subj: `e2e.timer-target.${i}` });
      expect(stored?.time.getTime()).toBeGreaterThanOrEqual(dueAt);
    }

    expect(await stack.ended(sleeper)).toMatchObject({ status: 'completed' });
    const events: RunEvent[] = (await stack.api(`/api/runs/${sleeper}/events`)).body.events;
    expect(events.filter((e) => e.type === 'AgentSucceeded' && e.data.agent === 'nap')).toHaveLength(1);
  });
});

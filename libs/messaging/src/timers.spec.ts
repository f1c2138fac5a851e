import type { Timer, TimerFired } from '@baton/engine';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { TimerPump } from './timer-pump';
import { JetStreamTimers } from './timers';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const retryTimer = fixture<Timer & { command: TimerFired }>('timer-retry');

function timerFor(runId: string, dueAt: number): Timer {
  const timerId = `timer:${runId}`;
  return {
    ...retryTimer,
    timerId,
    runId,
    dueAt: new Date(dueAt).toISOString(),
    command: { ...retryTimer.command, runId, timerId, commandId: timerId },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('durable timers', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let timers: JetStreamTimers;
  let pump: TimerPump;
  let clockOffsetMs = 0;
  const logged: string[] = [];

  const inboxMessage = (runId: string): Promise<StoredMsg | null> =>
    jsm.streams.getMessage(env.layout.streams.inbox, { last_by_subj: env.layout.inboxSubject(runId) });

  const inboxCount = async (runId: string): Promise<number> => {
    const subject = env.layout.inboxSubject(runId);
    return (
      (await jsm.streams.info(env.layout.streams.inbox, { subjects_filter: subject })).state.subjects?.[
        subject
      ] ?? 0
    );
  };

  const timersLeft = async (runId: string): Promise<number> => {
    const subject = env.layout.timerSubject(runId);
    return (
      (await jsm.streams.info(env.layout.streams.timers, { subjects_filter: subject })).state.subjects?.[
        subject
      ] ?? 0
    );
  };

  beforeAll(async () => {
    env = await isolatedLayout('timers');
    jsm = await jetstreamManager(env.nc);
    timers = new JetStreamTimers(env.nc, { prefix: env.prefix });
    pump = new TimerPump(env.nc, {
      prefix: env.prefix,
      maxWaitMs: 250,
      now: () => Date.now() + clockOffsetMs,
      logger: { warn: (message) => logged.push(message), error: (message) => logged.push(message) },
    });
    await pump.start();
  });

  afterAll(async () => {
    await pump.stop();
    await env.teardown();
  });

  it("delivers a timer's command to the run's inbox at its due time, not before", async () => {
    const dueAt = Date.now() + 1500;
    const timer = timerFor('run-due', dueAt);
    await timers.schedule(timer);
    const delivered = await eventually(async () => (await inboxMessage('run-due')) ?? undefined);
    expect(delivered.time.getTime()).toBeGreaterThanOrEqual(dueAt);
    expect(delivered.time.getTime()).toBeLessThan(dueAt + 2000);
    expect(delivered.json()).toEqual(timer.command);
    expect(await timersLeft('run-due')).toBe(0);
  });

  it('fires a timer scheduled twice only once', async () => {
    const timer = timerFor('run-twice', Date.now() + 200);
    await timers.schedule(timer);
    await timers.schedule(timer);
    await eventually(async () => (await inboxMessage('run-twice')) ?? undefined);
    await sleep(600);
    expect(await inboxCount('run-twice')).toBe(1);
  });

  it('fires a waiting timer promptly when the clock jumps past its due time', async () => {
    await timers.schedule(timerFor('run-jump', Date.now() + 60_000));
    await sleep(300);
    expect(await inboxCount('run-jump')).toBe(0);
    clockOffsetMs = 60_000;
    try {
      await eventually(async () => ((await inboxCount('run-jump')) === 1 ? true : undefined), 2000);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('drops the timers of a run that ended, so they never fire', async () => {
    await timers.schedule(timerFor('run-ended', Date.now() + 800));
    await timers.schedule({ ...timerFor('run-ended', Date.now() + 900), timerId: 'timer:run-ended:timeout' });
    expect(await timers.cancelRunTimers('run-ended')).toBe(2);
    await sleep(1200);
    expect(await inboxCount('run-ended')).toBe(0);
  });

  it('terminates and logs a timer message that cannot be read instead of retrying it forever', async () => {
    await jetstream(env.nc).publish(env.layout.timerSubject('run-garbled'), 'not json');
    const scheduler = () => jsm.consumers.info(env.layout.streams.timers, 'scheduler');
    await eventually(async () => {
      const info = await scheduler();
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    });
    expect(logged.some((line) => line.includes('run-garbled') && line.includes('not valid JSON'))).toBe(true);
    await sleep(500);
    expect((await scheduler()).num_redelivered).toBe(0);
    expect(await inboxCount('run-garbled')).toBe(0);
    expect(await timersLeft('run-garbled')).toBe(0);
  });
});

import type { Timer, TimerFired } from '@baton/engine';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { TimerScheduler } from './timer-scheduler';
import { TIMER_HEADERS, TimerStore } from './timer-store';
import { JetStreamTimers } from './timers';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const retryTimer = fixture<Timer & { command: TimerFired }>('timer-retry');

function timerFor(runId: string, dueAt: number, timerId = `timer:${runId}`): Timer {
  return {
    ...retryTimer,
    timerId,
    runId,
    dueAt: new Date(dueAt).toISOString(),
    command: { ...retryTimer.command, runId, timerId, commandId: timerId },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('durable timers (JetStreamTimers fired by the TimerScheduler)', () => {
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let timers: JetStreamTimers;
  let scheduler: TimerScheduler;
  let clockOffsetMs = 0;
  const logged: string[] = [];
  const lateness: number[] = [];

  const inboxMessage = (runId: string): Promise<StoredMsg | null> =>
    jsm.streams.getMessage(env.layout.streams.inbox, {
      last_by_subj: env.layout.commandSubject('timer', runId),
    });
  const inboxCount = async (runId: string): Promise<number> => {
    const subject = env.layout.commandSubject('timer', runId);
    const info = await jsm.streams.info(env.layout.streams.inbox, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };
  const storedTimers = async (): Promise<number> =>
    (await jsm.streams.info(env.layout.streams.timers)).state.messages;

  beforeAll(async () => {
    env = await isolatedLayout('timers');
    jsm = await jetstreamManager(env.nc);
    timers = new JetStreamTimers(env.nc, { prefix: env.prefix });
    scheduler = new TimerScheduler(env.nc, {
      prefix: env.prefix,
      leaseTtlMs: 1000,
      now: () => Date.now() + clockOffsetMs,
      onFired: (ms) => lateness.push(ms),
      logger: { warn: (message) => logged.push(message), error: (message) => logged.push(message) },
    });
    await scheduler.start();
    await eventually(async () => (scheduler.firingReplica ? true : undefined));
  });

  afterAll(async () => {
    await scheduler.stop();
    await env.teardown();
  });

  it("delivers a timer's command to its run's inbox at its due time, not before, and removes it", async () => {
    const dueAt = Date.now() + 1500;
    const timer = timerFor('run-due', dueAt);
    await timers.schedule(timer);
    const delivered = await eventually(async () => (await inboxMessage('run-due')) ?? undefined);
    expect(delivered.time.getTime()).toBeGreaterThanOrEqual(dueAt);
    expect(delivered.json()).toEqual(timer.command);
    expect(delivered.header.get('Nats-Msg-Id')).toBe(timer.command.commandId);
    await eventually(async () => ((await storedTimers()) === 0 ? true : undefined));
    expect(lateness.length).toBeGreaterThan(0);
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
      await eventually(async () => ((await inboxCount('run-jump')) === 1 ? true : undefined), 3000);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('never fires a cancelled timer, and leaves nothing of it in the store', async () => {
    await timers.schedule(timerFor('run-ended', Date.now() + 600, 'run-ended:run-timeout'));
    await timers.schedule(timerFor('run-ended', Date.now() + 700, 'run-ended:a:0:1:attempt-timeout'));
    await timers.schedule(timerFor('run-other', Date.now() + 700));
    await timers.cancel(['run-ended:run-timeout', 'run-ended:a:0:1:attempt-timeout']);
    await eventually(async () => ((await inboxCount('run-other')) === 1 ? true : undefined));
    await sleep(500);
    expect(await inboxCount('run-ended')).toBe(0);
    await eventually(async () => ((await storedTimers()) === 0 ? true : undefined));
  });

  it('deletes and logs a message on a timer subject that is no timer, instead of firing it', async () => {
    await jetstream(env.nc).publish(env.layout.timerSubject('garbled'), 'not a timer');
    await eventually(async () => ((await storedTimers()) === 0 ? true : undefined));
    expect(logged.some((line) => line.includes('Deleting timer') && line.includes('no valid target'))).toBe(
      true,
    );
  });

  it('retries a timer whose target cannot be published, without holding up the others', async () => {
    // A target no stream captures: every publish fails until such a stream exists.
    const store = new TimerStore(env.nc, { prefix: env.prefix });
    const subject = `${env.prefix.toLowerCase()}orphan.target`;
    await store.schedule({
      id: 'orphan',
      dueAt: Date.now(),
      target: { subject, payload: new Uint8Array(1), msgId: 'o-1' },
    });
    await timers.schedule(timerFor('run-after-orphan', Date.now() + 300));
    await eventually(async () => ((await inboxCount('run-after-orphan')) === 1 ? true : undefined));
    expect(logged.some((line) => line.includes('could not fire'))).toBe(true);
    const stream = `${env.prefix}ORPHAN`;
    await jsm.streams.add({ name: stream, subjects: [subject] });
    try {
      // Its back-off is 1 s, then 2 s: it fires on a later attempt, once.
      await eventually(
        async () => ((await jsm.streams.info(stream)).state.messages === 1 ? true : undefined),
        10_000,
      );
    } finally {
      await jsm.streams.delete(stream);
    }
  });

  it('keeps the due time as a header the index reads without the payload', async () => {
    const dueAt = Date.now() + 3_600_000;
    await timers.schedule(timerFor('run-header', dueAt));
    const stored = await jsm.streams.getMessage(env.layout.streams.timers, {
      last_by_subj: env.layout.timerSubject('timer:run-header'),
    });
    expect(Number(stored?.header.get(TIMER_HEADERS.dueAt))).toBe(dueAt);
    await timers.cancel(['timer:run-header']);
  });
});

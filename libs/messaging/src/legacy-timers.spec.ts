import type { Timer, TimerFired } from '@baton/engine';
import { AckPolicy, RetentionPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from './connect-nats';
import { natsLayout } from './nats-layout';
import { provision, removeLayout } from './provision';
import { TimerScheduler } from './timer-scheduler';
import { TIMER_HEADERS } from './timer-store';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { NATS_URL, uniquePrefix } from './test-support/isolated-layout';

const retryTimer = fixture<Timer & { command: TimerFired }>('timer-retry');

/** A timer as the work-queue timer stream of an older Baton held it. */
function legacy(runId: string, timerId: string, dueAt: number): Timer {
  return {
    ...retryTimer,
    timerId,
    runId,
    dueAt: new Date(dueAt).toISOString(),
    command: { ...retryTimer.command, runId, timerId, commandId: timerId },
  };
}

describe('timers of an older Baton', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const prefix = uniquePrefix('legacy');
  const layout = natsLayout({ prefix });
  /** The subject an older Baton used: one per run, several timers on it. */
  const legacySubject = (runId: string) => `${layout.streamSubjects.timers.slice(0, -1)}${runId}`;
  const publishLegacy = (timer: Timer) =>
    jetstream(nc).publish(legacySubject(timer.runId), JSON.stringify(timer), { msgID: timer.timerId });

  beforeAll(async () => {
    nc = await connectNats({ url: NATS_URL, name: 'messaging-spec-legacy' });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await removeLayout(nc, { prefix });
    await nc.close();
  });

  it('are moved from the work-queue stream into the timer store when the layout is provisioned', async () => {
    await jsm.streams.add({
      name: layout.streams.timers,
      subjects: [layout.streamSubjects.timers],
      retention: RetentionPolicy.Workqueue,
    });
    await jsm.consumers.add(layout.streams.timers, {
      durable_name: 'scheduler',
      ack_policy: AckPolicy.Explicit,
    });
    const dueAt = Date.parse('2031-01-01T00:00:00.000Z');
    const timers = [
      legacy('run-a', 'run-a:run-timeout', dueAt),
      legacy('run-a', 'run-a:call:0:2:retry', dueAt + 1000),
      legacy('run-b', 'run-b:run-timeout', dueAt + 2000),
    ];
    for (const timer of timers) await publishLegacy(timer);
    await jetstream(nc).publish(legacySubject('run-c'), 'not a timer');

    await provision(nc, { prefix });

    const info = await jsm.streams.info(layout.streams.timers);
    expect(info.config).toMatchObject({ retention: 'limits', max_msgs_per_subject: 1 });
    expect(info.state.messages).toBe(3);
    for (const [i, timer] of timers.entries()) {
      const stored = await jsm.streams.getMessage(layout.streams.timers, {
        last_by_subj: layout.timerSubject(timer.timerId),
      });
      expect(stored?.header.get(TIMER_HEADERS.dueAt)).toBe(String(dueAt + i * 1000));
      expect(stored?.header.get(TIMER_HEADERS.targetSubject)).toBe(
        layout.commandSubject('timer', timer.runId),
      );
      expect(stored?.json()).toEqual(timer.command);
    }
    const streams: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) streams.push(name);
    expect(streams).not.toContain(`${layout.streams.timers}_LEGACY`);
    // Provisioning again finds nothing left to move.
    await provision(nc, { prefix });
    expect((await jsm.streams.info(layout.streams.timers)).state.messages).toBe(3);
  });

  it('are stored again and fired when an older orchestrator still writes one during a rolling upgrade', async () => {
    const scheduler = new TimerScheduler(nc, { prefix, leaseTtlMs: 1000 });
    await scheduler.start();
    try {
      const timer = legacy('run-late', 'run-late:sleep', Date.now() + 300);
      await publishLegacy(timer);
      const fired = await eventually(async () =>
        jsm.streams
          .getMessage(layout.streams.inbox, { last_by_subj: layout.commandSubject('timer', 'run-late') })
          .then((message) => message ?? undefined),
      );
      expect(fired.json()).toEqual(timer.command);
      expect(fired.time.getTime()).toBeGreaterThanOrEqual(Date.parse(timer.dueAt));
    } finally {
      await scheduler.stop();
    }
  });
});

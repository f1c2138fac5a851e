import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { connectNats } from './connect-nats';
import { TimerScheduler } from './timer-scheduler';
import { TimerStore } from './timer-store';
import { eventually } from './test-support/eventually';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

const LEASE_TTL_MS = 1000;

describe('TimerScheduler replicas', () => {
  jest.setTimeout(30_000);
  let env: IsolatedLayout;
  let jsm: JetStreamManager;
  let store: TimerStore;
  let targetStream: string;
  let targetRoot: string;
  let deliveries: Subscription;
  const published = new Map<string, number>();
  const running: Array<{ scheduler: TimerScheduler; nc: NatsConnection }> = [];
  const quiet = { warn: () => undefined, error: () => undefined };

  /** A replica in its own connection, as in its own process. */
  const replica = async (owner: string): Promise<TimerScheduler> => {
    const nc = await connectNats({ url: NATS_URL, name: `scheduler-${owner}` });
    const scheduler = new TimerScheduler(nc, {
      prefix: env.prefix,
      owner,
      leaseTtlMs: LEASE_TTL_MS,
      logger: quiet,
    });
    running.push({ scheduler, nc });
    await scheduler.start();
    return scheduler;
  };
  const kill = async (scheduler: TimerScheduler) => {
    const entry = running.find((r) => r.scheduler === scheduler);
    await entry?.nc.close();
  };
  /** Timers `name-0…n-1`, due `inMs` from now, spread over `spreadMs`, each with its own target subject. */
  const schedule = async (
    name: string,
    n: number,
    inMs: number,
    spreadMs: number,
  ): Promise<Map<string, number>> => {
    const due = new Map<string, number>();
    const start = Date.now() + inMs;
    await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const subject = `${targetRoot}.${name}-${i}`;
        const dueAt = start + Math.floor((i * spreadMs) / n);
        due.set(subject, dueAt);
        return store.schedule({
          id: `${name}-${i}`,
          dueAt,
          target: { subject, payload: new TextEncoder().encode(String(dueAt)), msgId: `${name}-${i}` },
        });
      }),
    );
    return due;
  };
  /** How many messages the target stream holds per subject of a batch (its duplicate window drops a repeat). */
  const storedPerSubject = async (name: string): Promise<Record<string, number>> => {
    const { subjects = {} } = (await jsm.streams.info(targetStream, { subjects_filter: `${targetRoot}.>` }))
      .state;
    return Object.fromEntries(
      Object.entries(subjects).filter(([subject]) => subject.startsWith(`${targetRoot}.${name}-`)),
    );
  };
  const firstDeliveries = (name: string) =>
    [...published.keys()].filter((s) => s.startsWith(`${targetRoot}.${name}-`));

  beforeAll(async () => {
    env = await isolatedLayout('sched');
    jsm = await jetstreamManager(env.nc);
    store = new TimerStore(env.nc, { prefix: env.prefix });
    targetStream = `${env.prefix}TARGET`;
    targetRoot = `${env.prefix.toLowerCase()}target`;
    await jsm.streams.add({ name: targetStream, subjects: [`${targetRoot}.>`] });
    // Every publish the schedulers make, duplicates included, with the time it arrived.
    deliveries = env.nc.subscribe(`${targetRoot}.>`, {
      callback: (_error, msg) => void published.set(msg.subject, (published.get(msg.subject) ?? 0) + 1),
    });
  });

  afterAll(async () => {
    deliveries.unsubscribe();
    await Promise.all(running.map(({ scheduler }) => scheduler.stop()));
    await Promise.all(running.map(({ nc }) => (nc.isClosed() ? undefined : nc.close())));
    await jsm.streams.delete(targetStream);
    await env.teardown();
  });

  it('fires each timer once with two replicas running: only the lease holder publishes', async () => {
    const replicas = [await replica('a'), await replica('b')];
    await eventually(async () => (replicas.some((r) => r.firingReplica) ? true : undefined));
    const due = await schedule('two', 300, 500, 1500);
    await eventually(
      async () => (Object.keys(await storedPerSubject('two')).length === 300 ? true : undefined),
      15_000,
    );
    expect(replicas.filter((r) => r.firingReplica)).toHaveLength(1);
    expect(Object.values(await storedPerSubject('two')).every((count) => count === 1)).toBe(true);
    expect(firstDeliveries('two').map((subject) => published.get(subject))).toEqual(Array(300).fill(1));
    const arrived = await jsm.streams.getMessage(targetStream, { last_by_subj: `${targetRoot}.two-299` });
    expect(arrived?.time.getTime()).toBeGreaterThanOrEqual(due.get(`${targetRoot}.two-299`) ?? Infinity);
    // The standby dropped what the holder reported fired: its index is empty again.
    const standby = replicas.find((r) => !r.firingReplica) as TimerScheduler;
    await eventually(async () => (standby.pending === 0 ? true : undefined), 10_000);
  });

  it('lets a standby take over within seconds when the firing replica dies, firing what was pending exactly once', async () => {
    const holder = await eventually(async () => running.map((r) => r.scheduler).find((s) => s.firingReplica));
    const standby = running.map((r) => r.scheduler).find((s) => s !== holder) as TimerScheduler;
    const due = await schedule('takeover', 200, 300, 3000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await kill(holder);
    await eventually(async () => (standby.firingReplica ? true : undefined), 10_000);
    await eventually(
      async () => (Object.keys(await storedPerSubject('takeover')).length === 200 ? true : undefined),
      15_000,
    );
    expect(Object.values(await storedPerSubject('takeover')).every((count) => count === 1)).toBe(true);
    for (const [subject, dueAt] of [...due].filter((_, i) => i % 20 === 0)) {
      const stored = await jsm.streams.getMessage(targetStream, { last_by_subj: subject });
      expect(stored?.time.getTime()).toBeGreaterThanOrEqual(dueAt);
    }
    await eventually(async () =>
      (await jsm.streams.info(env.layout.streams.timers)).state.messages === 0 ? true : undefined,
    );
  });

  it('indexes the timers stored before it started, and fires them when due', async () => {
    await Promise.all(running.map(({ scheduler }) => scheduler.stop()));
    await schedule('before', 50, 1500, 200);
    await store.schedule({
      id: 'far',
      dueAt: Date.now() + 3_600_000,
      target: { subject: `${targetRoot}.far`, payload: new Uint8Array(), msgId: 'far' },
    });
    const late = await replica('c');
    await late.caughtUp;
    expect(late.pending).toBe(51);
    await eventually(
      async () => (Object.keys(await storedPerSubject('before')).length === 50 ? true : undefined),
      10_000,
    );
    expect(late.pending).toBe(1);
  });
});

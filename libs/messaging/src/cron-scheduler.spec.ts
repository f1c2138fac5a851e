import type { CronTrigger, EnsembleDefinition } from '@baton/model';
import { RunStarter, type StartRequest } from '@baton/intake';
import { Kvm } from '@nats-io/kv';
import { CRON_PROGRESS_KEY, CronScheduler } from './cron-scheduler';
import { DedupeStore } from './dedupe-store';
import { DefinitionCache } from './definition-cache';
import { KvDefinitionStore } from './definition-store';
import { JetStreamInbox } from './inbox';
import { SYSTEM_CLOCK } from './system-clock';
import { JetStreamTimers } from './timers';
import { eventually } from './test-support/eventually';
import { fixture } from './test-support/fixtures';
import { type IsolatedLayout, isolatedLayout } from './test-support/isolated-layout';

const hello = fixture<EnsembleDefinition>('ensemble-hello');
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;

const cron = (expression: string, changes: Partial<CronTrigger> = {}): CronTrigger => ({
  type: 'cron',
  cron: expression,
  timezone: 'UTC',
  enabled: true,
  catchUp: false,
  ...changes,
});

describe('CronScheduler after every scheduler was down', () => {
  let env: IsolatedLayout;
  const started: StartRequest[] = [];
  const stopping: Array<() => Promise<void>> = [];
  // Frozen 10 minutes and 5 seconds after the last recorded progress.
  const now = T0 + 10 * MINUTE + 5000;

  function scheduler(): CronScheduler {
    const definitions = new DefinitionCache(env.nc, { prefix: env.prefix });
    const starter = new RunStarter({
      definitions,
      inputs: { check: () => [] },
      inbox: new JetStreamInbox(env.nc, { prefix: env.prefix }),
      timers: new JetStreamTimers(env.nc, { prefix: env.prefix }),
      dedupe: new DedupeStore(env.nc, { prefix: env.prefix }),
      clock: SYSTEM_CLOCK,
    });
    const created = new CronScheduler(
      env.nc,
      definitions,
      {
        start: async (request) => {
          const outcome = await starter.start(request);
          if (outcome.ok && !outcome.run.duplicate) started.push(request);
          return outcome;
        },
      },
      { prefix: env.prefix, now: () => now, catchUpLimit: 20, leaseTtlMs: 1000 },
    );
    stopping.push(async () => {
      await created.stop();
      await definitions.close();
    });
    return created;
  }

  const instantsOf = (ensemble: string) =>
    started
      .filter((request) => request.ensemble === ensemble)
      .map((request) => (request.dedupeKey ?? '').split(':').slice(3).join(':'));

  beforeAll(async () => {
    env = await isolatedLayout('cron');
    const store = new KvDefinitionStore(env.nc, { prefix: env.prefix });
    const define = (name: string, triggers: CronTrigger[]) => store.put({ ...hello, name, triggers });
    await define('catching-up', [cron('* * * * *', { catchUp: true })]);
    await define('not-catching-up', [cron('* * * * *')]);
    await define('per-second', [cron('* * * * * *', { catchUp: true })]);
    await define('switched-off', [cron('* * * * * *', { catchUp: true, enabled: false })]);
    const leases = await new Kvm(env.nc).open(env.layout.buckets.leases);
    await leases.put(CRON_PROGRESS_KEY, JSON.stringify({ upTo: T0 }));
  });

  afterAll(async () => {
    for (const stop of stopping) await stop();
    await env.teardown();
  });

  it('replays the missed instants of catchUp triggers (at most the limit, the latest) and only the grace of the others', async () => {
    const first = scheduler();
    await first.start();
    await eventually(async () =>
      instantsOf('per-second').length >= 20 && started.length >= 31 ? true : undefined,
    );
    expect(instantsOf('catching-up')).toEqual(
      Array.from({ length: 10 }, (_, n) => new Date(T0 + (n + 1) * MINUTE).toISOString()),
    );
    // Missed by 5 s, within the 30 s grace: fired late; the nine before it are skipped.
    expect(instantsOf('not-catching-up')).toEqual([new Date(T0 + 10 * MINUTE).toISOString()]);
    expect(instantsOf('per-second')).toEqual(
      Array.from({ length: 20 }, (_, n) => new Date(now - (19 - n) * 1000).toISOString()),
    );
    expect(instantsOf('switched-off')).toEqual([]);
    expect(started.every((request) => request.trigger.type === 'cron')).toBe(true);
    expect(started.find((request) => request.ensemble === 'catching-up')?.trigger).toEqual({
      type: 'cron',
      instant: '2026-01-01T00:01:00+00:00',
      timezone: 'UTC',
      cron: '* * * * *',
      index: 0,
    });
  });

  it('records how far it fired, so a replica taking over starts nothing again', async () => {
    const count = started.length;
    const leases = await new Kvm(env.nc).open(env.layout.buckets.leases);
    await eventually(async () =>
      (await leases.get(CRON_PROGRESS_KEY))?.json<{ upTo: number }>().upTo === now ? true : undefined,
    );
    await stopping[0]();
    const second = scheduler();
    await second.start();
    await eventually(async () => (second.firingReplica ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(started.length).toBe(count);
  });
});

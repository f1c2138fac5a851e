import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { checkRunInput, DATABASE_TRIGGERS_LEASE, DatabaseTriggers, PostgresPools } from '@baton/connectors';
import { snapshotEnvironment } from '@baton/engine';
import { RunStarter } from '@baton/intake';
import {
  CronScheduler,
  DedupeStore,
  DefinitionCache,
  JetStreamInbox,
  JetStreamTimers,
  KvLease,
  natsLayout,
  SYSTEM_CLOCK,
  TimerScheduler,
} from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';
import { cronMetrics, timerBacklogMetrics } from '@baton/telemetry';
import { cronRunInput } from './cron/cron-input';

/**
 * Time, and the triggers that start runs on their own: fires the durable timers of the timer store
 * (retry back-off, waits' and attempts' time-outs, sleeps, delayed sends, run time-outs), every
 * registered ensemble's cron triggers, and its database triggers. Every replica indexes the store
 * and follows the definitions; the one holding the `scheduler` lease fires the timers, the one
 * holding the `cron` lease the cron instants, the one holding the `database-triggers` lease installs
 * the database triggers and starts a run per change. Ready once the index holds every timer stored
 * before the start. (Database triggers live here, not in the workers, so that workers publish task
 * results only: the scheduler may start runs, a worker may not.)
 */
@Module({})
export class SchedulerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(TimerScheduler) private readonly timers: TimerScheduler,
    @Inject(CronScheduler) private readonly cron: CronScheduler,
    @Inject(DefinitionCache) private readonly definitions: DefinitionCache,
    @Inject(DatabaseTriggers) private readonly databaseTriggers: DatabaseTriggers,
    @Inject(PostgresPools) private readonly pools: PostgresPools,
  ) {}

  static forRoot({ nc, layout, checks, metrics, logger }: ServiceContext): DynamicModule {
    const fired = metrics.histogram(
      'baton_timer_lateness_seconds',
      'How long after its due time each timer fired',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    const scheduler = new TimerScheduler(nc, {
      ...layout,
      onFired: (latenessMs) => fired.observe(latenessMs / 1000),
    });
    checks.register('timer-index', () => scheduler.isCaughtUp);
    timerBacklogMetrics(metrics, () => scheduler.pending);

    const definitions = new DefinitionCache(nc, { ...layout, logger });
    const starter = new RunStarter({
      definitions,
      inputs: { check: checkRunInput },
      inbox: new JetStreamInbox(nc, layout),
      timers: new JetStreamTimers(nc, layout),
      dedupe: new DedupeStore(nc, layout),
      clock: SYSTEM_CLOCK,
    });
    const cronFired = cronMetrics(metrics);
    const cron = new CronScheduler(nc, definitions, starter, {
      ...layout,
      inputOf: cronRunInput,
      onFired: (ensemble, outcome, latenessMs) => cronFired(ensemble, outcome, latenessMs / 1000),
    });
    // Connection URLs of database triggers are evaluated with the process's environment, read once.
    const pools = new PostgresPools();
    const databaseTriggers = new DatabaseTriggers({
      lease: new KvLease(nc, {
        bucket: natsLayout(layout).buckets.leases,
        key: DATABASE_TRIGGERS_LEASE,
        logger,
      }),
      definitions,
      starter,
      pools,
      env: snapshotEnvironment(process.env),
      logger,
    });
    return {
      module: SchedulerModule,
      providers: [
        { provide: TimerScheduler, useValue: scheduler },
        { provide: CronScheduler, useValue: cron },
        { provide: DefinitionCache, useValue: definitions },
        { provide: DatabaseTriggers, useValue: databaseTriggers },
        { provide: PostgresPools, useValue: pools },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.timers.start();
    await this.cron.start();
    await this.databaseTriggers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.timers.stop(), this.cron.stop(), this.databaseTriggers.stop()]);
    await Promise.all([this.definitions.close(), this.pools.close()]);
  }
}

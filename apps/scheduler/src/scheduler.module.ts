import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TimerScheduler } from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';
import { timerBacklogMetrics } from '@baton/telemetry';

/**
 * Time: fires the durable timers of the timer store (retry back-off, waits' and attempts' time-outs,
 * sleeps, delayed sends, run time-outs). Every replica indexes the store; the one holding the
 * `scheduler` lease fires. Ready once the index holds every timer stored before the start.
 */
@Module({})
export class SchedulerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(TimerScheduler) private readonly timers: TimerScheduler) {}

  static forRoot({ nc, layout, checks, metrics }: ServiceContext): DynamicModule {
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
    return { module: SchedulerModule, providers: [{ provide: TimerScheduler, useValue: scheduler }] };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.timers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}

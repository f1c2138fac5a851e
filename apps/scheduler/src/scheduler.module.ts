import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TimerPump } from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';

/** Time: durable timers (retry back-off, waits' and attempts' time-outs, delayed sends, run time-outs). */
@Module({})
export class SchedulerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(TimerPump) private readonly timers: TimerPump) {}

  static forRoot({ nc }: ServiceContext): DynamicModule {
    return { module: SchedulerModule, providers: [{ provide: TimerPump, useValue: new TimerPump(nc) }] };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.timers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}

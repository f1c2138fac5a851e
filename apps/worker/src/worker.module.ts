import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BreakerRegistry, PostgresPools } from '@baton/connectors';
import { snapshotEnvironment } from '@baton/engine';
import { JetStreamInbox, JetStreamTimers, KvDefinitionStore, MessagingModule } from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';
import { QueueSender } from './queue-sender';
import { TaskRunner } from './task-runner';

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(
    @Inject(PostgresPools) private readonly pools: PostgresPools,
    @Inject(BreakerRegistry) private readonly breakers: BreakerRegistry,
  ) {}

  static forRoot({ nc }: ServiceContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [MessagingModule.forConnection(nc)],
      providers: [
        { provide: PostgresPools, useFactory: () => new PostgresPools() },
        { provide: BreakerRegistry, useFactory: () => new BreakerRegistry() },
        {
          provide: TaskRunner,
          inject: [KvDefinitionStore, JetStreamInbox, JetStreamTimers, PostgresPools, BreakerRegistry],
          useFactory: (definitions, inbox, timers, pools, breakers) =>
            new TaskRunner({
              definitions,
              inbox,
              queue: new QueueSender(definitions, inbox, timers),
              pools,
              breakers,
              // Read once, here: no task copies or re-reads process.env.
              env: snapshotEnvironment(process.env),
            }),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await this.pools.close();
  }
}

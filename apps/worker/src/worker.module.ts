import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BreakerRegistry, PostgresPools } from '@baton/connectors';
import { JetStreamInbox, JetStreamTimers, KvDefinitionStore, MessagingModule } from '@baton/messaging';
import { Outbound, outboundFromEnv } from '@baton/outbound';
import type { ServiceContext } from '@baton/runtime';
import { QueueSender } from './queue-sender';
import { TaskRunner } from './task-runner';

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(
    @Inject(PostgresPools) private readonly pools: PostgresPools,
    @Inject(BreakerRegistry) private readonly breakers: BreakerRegistry,
    @Inject(Outbound) private readonly outbound: Outbound,
  ) {}

  static forRoot({ nc }: ServiceContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [MessagingModule.forConnection(nc)],
      providers: [
        { provide: PostgresPools, useFactory: () => new PostgresPools() },
        { provide: BreakerRegistry, useFactory: () => new BreakerRegistry() },
        // BATON_ALLOW_HOSTS is read once; a malformed list stops the worker at start.
        { provide: Outbound, useFactory: () => outboundFromEnv(process.env) },
        {
          provide: TaskRunner,
          inject: [
            KvDefinitionStore,
            JetStreamInbox,
            JetStreamTimers,
            PostgresPools,
            BreakerRegistry,
            Outbound,
          ],
          useFactory: (definitions, inbox, timers, pools, breakers, outbound: Outbound) =>
            new TaskRunner({
              definitions,
              inbox,
              queue: new QueueSender(definitions, inbox, timers),
              pools,
              breakers,
              connectors: { outbound },
              env: process.env,
            }),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await Promise.all([this.pools.close(), this.outbound.close()]);
  }
}

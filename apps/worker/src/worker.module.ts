import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BreakerRegistry, checkRunInput, PostgresPools } from '@baton/connectors';
import { snapshotEnvironment } from '@baton/engine';
import { RunStarter } from '@baton/intake';
import {
  DedupeStore,
  DefinitionCache,
  JetStreamInbox,
  JetStreamTimers,
  MessagingModule,
  SYSTEM_CLOCK,
} from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';
import { WorkerConnectorServices } from './connector-services';
import { QueueSender } from './queue-sender';
import { TaskRunner } from './task-runner';

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(
    @Inject(PostgresPools) private readonly pools: PostgresPools,
    @Inject(BreakerRegistry) private readonly breakers: BreakerRegistry,
    @Inject(WorkerConnectorServices) private readonly connectors: WorkerConnectorServices,
  ) {}

  static forRoot({ nc, layout, logger }: ServiceContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [MessagingModule.forConnection(nc, layout)],
      providers: [
        { provide: PostgresPools, useFactory: () => new PostgresPools() },
        { provide: BreakerRegistry, useFactory: () => new BreakerRegistry() },
        {
          provide: WorkerConnectorServices,
          useFactory: () => new WorkerConnectorServices(nc, process.env, logger),
        },
        {
          provide: RunStarter,
          inject: [DefinitionCache, JetStreamInbox, JetStreamTimers, DedupeStore],
          useFactory: (definitions, inbox, timers, dedupe) =>
            new RunStarter({
              definitions,
              inputs: { check: checkRunInput },
              inbox,
              timers,
              dedupe,
              clock: SYSTEM_CLOCK,
            }),
        },
        {
          provide: TaskRunner,
          inject: [
            DefinitionCache,
            JetStreamInbox,
            RunStarter,
            PostgresPools,
            BreakerRegistry,
            WorkerConnectorServices,
          ],
          useFactory: (definitions, inbox, starter, pools, breakers, connectors: WorkerConnectorServices) =>
            new TaskRunner({
              definitions,
              inbox,
              queue: new QueueSender(starter),
              pools,
              breakers,
              connectors,
              // Read once, here: no task copies or re-reads process.env.
              env: snapshotEnvironment(process.env),
            }),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    await Promise.all([this.pools.close(), this.connectors.close()]);
  }
}

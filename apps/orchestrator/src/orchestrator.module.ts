import { Module, type DynamicModule } from '@nestjs/common';
import {
  DefinitionCache,
  JetStreamEventLog,
  JetStreamInbox,
  JetStreamTaskQueue,
  JetStreamTimers,
  KvConcurrencySlots,
  MessagingModule,
  WaitDirectory,
} from '@baton/messaging';
import { snapshotEnvironment } from '@baton/engine';
import type { ServiceContext } from '@baton/runtime';
import { InboxHandler } from './inbox.handler';
import { RunActivity } from './run-activity';
import { RunProcessor } from './run-processor';

@Module({})
export class OrchestratorModule {
  static forRoot({ nc, layout, metrics, logger }: ServiceContext): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [MessagingModule.forConnection(nc, layout)],
      providers: [
        InboxHandler,
        {
          provide: RunProcessor,
          inject: [
            JetStreamEventLog,
            JetStreamTaskQueue,
            JetStreamTimers,
            JetStreamInbox,
            DefinitionCache,
            WaitDirectory,
            KvConcurrencySlots,
          ],
          useFactory: (log, tasks, timers, inbox, definitions, waits, slots) =>
            new RunProcessor({
              // Counts and logs run starts, ends and failed attempts as they are appended.
              log: new RunActivity(log, metrics, logger),
              tasks,
              timers,
              inbox,
              definitions,
              waits,
              slots,
              // Read once, here: decisions never look at process.env.
              env: snapshotEnvironment(process.env),
            }),
        },
      ],
    };
  }
}

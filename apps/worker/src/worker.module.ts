import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BreakerRegistry, checkRunInput, PostgresPools } from '@baton/connectors';
import { snapshotEnvironment } from '@baton/engine';
import { ApprovalLinksConfig, loadConfigs, PublicUrlConfig } from '@baton/config';
import { RunStarter } from '@baton/intake';
import {
  approvalKeys,
  DedupeStore,
  DefinitionCache,
  JetStreamInbox,
  JetStreamTimers,
  KvSigningKeys,
  MessagingModule,
  SYSTEM_CLOCK,
} from '@baton/messaging';
import type { ServiceContext } from '@baton/runtime';
import { breakerMetrics } from '@baton/telemetry';
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

  static async forRoot({ nc, layout, logger, metrics }: ServiceContext): Promise<DynamicModule> {
    // Read once, here: no task copies or re-reads process.env.
    const env = snapshotEnvironment(process.env);
    const config = loadConfigs({ links: ApprovalLinksConfig, publicUrl: PublicUrlConfig });
    // The first key signs; created once for the installation when BATON_APPROVAL_KEY is unset.
    const [key] = await approvalKeys(config.links.BATON_APPROVAL_KEY, new KvSigningKeys(nc), true);
    const links = { publicUrl: config.publicUrl.BATON_PUBLIC_URL, key };
    return {
      module: WorkerModule,
      imports: [MessagingModule.forConnection(nc, layout)],
      providers: [
        { provide: PostgresPools, useFactory: () => new PostgresPools() },
        {
          provide: BreakerRegistry,
          useFactory: () => {
            const registry = new BreakerRegistry();
            const states = breakerMetrics(metrics);
            // The gauge and transitions counter, and the line `baton start` shows.
            registry.onStateChange((breaker, state) => {
              states.changed(breaker, state);
              logger[state === 'open' ? 'warn' : 'info'](
                { activity: 'breaker-changed', breaker, state },
                `circuit breaker ${breaker} is ${state}`,
              );
            });
            return registry;
          },
        },
        {
          provide: WorkerConnectorServices,
          useFactory: () => new WorkerConnectorServices(nc, process.env, logger, links),
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
              env,
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

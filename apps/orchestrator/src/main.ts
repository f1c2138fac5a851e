import './instrument';
import type { Command } from '@baton/engine';
import {
  natsLayout,
  orchestratorConsumerName,
  orchestratorStartConsumerName,
  partitionOfStartConsumer,
} from '@baton/messaging';
import { runConsumerService } from '@baton/runtime';
import { InboxHandler } from './inbox.handler';
import { OrchestratorModule } from './orchestrator.module';

// Every partition's two consumers, read by one orchestrator at a time: the replicas share the
// partitions under leases, so a run's state stays in one replica's cache and its appends never
// conflict. The starts consumers yield to the commands consumers, so results, timer firings and
// cancels are never queued behind new starts.
void runConsumerService({
  service: 'orchestrator',
  module: (context) => OrchestratorModule.forRoot(context),
  handlers: (app, { layout }) => {
    const inbox = app.get(InboxHandler);
    return Object.fromEntries(
      natsLayout(layout)
        .inboxConsumers()
        .map(({ name }) => [name, (command: unknown, ctx) => inbox.handle(command as Command, ctx)]),
    );
  },
  lowPriority: (consumer) => partitionOfStartConsumer(consumer) !== undefined,
  partitionConsumers: (partition) => [
    orchestratorConsumerName(partition),
    orchestratorStartConsumerName(partition),
  ],
});

import './instrument';
import { CONSUMERS } from '@baton/messaging';
import { runConsumerService } from '@baton/runtime';
import { ProjectorModule } from './projector.module';

// The projector consumes in batches of its own (projector-loops.ts), not through Nest handlers.
void runConsumerService({
  service: 'projector',
  module: (context) => ProjectorModule.forRoot(context),
  ownConsumers: [CONSUMERS.projector, CONSUMERS.webhookLogs],
});

import './instrument';
import { runConsumerService } from '@baton/runtime';
import { ProjectorModule } from './projector.module';

// One event at a time keeps each run's events in stream order. An event that overtook its
// predecessor (a redelivery, or another replica) comes back soon rather than on the default
// minute-long back-off, so the read models catch up quickly; runs never wait for them.
void runConsumerService({
  service: 'projector',
  module: (context) => ProjectorModule.forRoot(context),
  maxInFlight: 1,
  redeliveryDelay: (deliveryCount) => Math.min(250 * 2 ** (deliveryCount - 1), 5000),
});

import { runConsumerService } from '@baton/runtime';
import { NotifierModule } from './notifier.module';

// Two durable consumers: `notifier` reads the event log (BATON_RUNS) and queues first attempts;
// `notifier-deliveries` makes the attempts (BATON_DELIVERIES: first attempts, retries fired by the
// timer store, redeliveries). A failing handler (PostgreSQL down) comes back after a short delay.
void runConsumerService({
  service: 'notifier',
  module: (context) => NotifierModule.forRoot(context),
  maxInFlight: { notifier: 16, 'notifier-deliveries': 32 },
  redeliveryDelay: (deliveryCount) => Math.min(500 * 2 ** (deliveryCount - 1), 30_000),
});

import { runConsumerService } from '@baton/runtime';
import { ProjectorModule } from './projector.module';

// One event at a time keeps each run's events in stream order; the read models may lag, runs never wait for them.
void runConsumerService({ service: 'projector', module: (context) => ProjectorModule.forRoot(context), maxInFlight: 1 });

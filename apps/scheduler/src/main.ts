import './instrument';
import { runConsumerService } from '@baton/runtime';
import { SchedulerModule } from './scheduler.module';

void runConsumerService({ service: 'scheduler', module: (context) => SchedulerModule.forRoot(context) });

import './instrument';
import { runConsumerService } from '@baton/runtime';
import { OrchestratorModule } from './orchestrator.module';

void runConsumerService({
  service: 'orchestrator',
  module: (context) => OrchestratorModule.forRoot(context),
});

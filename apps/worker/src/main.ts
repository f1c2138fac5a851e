import { loadConfig, WorkerConfig } from '@baton/config';
import type { Task } from '@baton/engine';
import { isWorkerOperation, workerConsumerName } from '@baton/messaging';
import { runConsumerService } from '@baton/runtime';
import { TaskRunner } from './task-runner';
import { WorkerModule } from './worker.module';

// Each operation is its own consumer group (`worker-<operation>`), so WORKER_OPERATIONS decides
// which groups this process serves and each group scales alone.
const operations = loadConfig(WorkerConfig).WORKER_OPERATIONS.filter(isWorkerOperation);

void runConsumerService({
  service: 'worker',
  module: (context) => WorkerModule.forRoot(context),
  handlers: (app) => {
    const runner = app.get(TaskRunner);
    return Object.fromEntries(
      operations.map((operation) => [
        workerConsumerName(operation),
        (task: unknown) => runner.run(task as Task),
      ]),
    );
  },
});

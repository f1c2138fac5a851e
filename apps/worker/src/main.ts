import './instrument';
import { loadConfig, WorkerConfig } from '@baton/config';
import type { Task } from '@baton/engine';
import { isWorkerOperation, workerConsumerName } from '@baton/messaging';
import { runConsumerService } from '@baton/runtime';
import { agentAttemptMetrics } from '@baton/telemetry';
import { TaskRunner } from './task-runner';
import { WorkerModule } from './worker.module';

// Each operation is its own consumer group (`worker-<operation>`), so WORKER_OPERATIONS decides
// which groups this process serves and each group scales alone.
const operations = loadConfig(WorkerConfig).WORKER_OPERATIONS.filter(isWorkerOperation);

void runConsumerService({
  service: 'worker',
  module: (context) => WorkerModule.forRoot(context),
  handlers: (app, { metrics }) => {
    const runner = app.get(TaskRunner);
    const attempts = agentAttemptMetrics(metrics);
    return Object.fromEntries(
      operations.map((operation) => [
        workerConsumerName(operation),
        async (task: unknown) => {
          const started = performance.now();
          const outcome = await runner.run(task as Task);
          attempts.observe(
            operation,
            outcome.ok ? 'succeeded' : 'failed',
            (performance.now() - started) / 1000,
          );
          return outcome;
        },
      ]),
    );
  },
});

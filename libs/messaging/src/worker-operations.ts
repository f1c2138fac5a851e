import { OPERATIONS, type Operation } from '@baton/model';
import { ORCHESTRATOR_OPERATIONS, type OrchestratorOperation } from '@baton/engine';

export type WorkerOperation = Exclude<Operation, OrchestratorOperation>;

export function isWorkerOperation(operation: string): operation is WorkerOperation {
  return (
    (OPERATIONS as readonly string[]).includes(operation) &&
    !(ORCHESTRATOR_OPERATIONS as readonly string[]).includes(operation)
  );
}

/**
 * The operations of dsl.md whose side effects run in worker processes, each consumed by its own
 * durable `worker-<operation>` so each group scales alone. The others (ORCHESTRATOR_OPERATIONS of
 * the engine: `transform`, `sleep`, `wait`, `run`) never become tasks on the bus.
 */
export const WORKER_OPERATIONS: readonly WorkerOperation[] = OPERATIONS.filter(isWorkerOperation);

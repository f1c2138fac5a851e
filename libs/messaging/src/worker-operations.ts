import type { Operation } from '@baton/definition';

/**
 * The operations of dsl.md whose side effects run in worker processes, each consumed by its own
 * durable `worker-<operation>` so each group scales alone. The others (`wait`, `transform`, `sleep`,
 * `run`) are handled by the orchestrator and timers and never become tasks on the bus.
 */
export const WORKER_OPERATIONS = [
  'code',
  'validate',
  'http',
  'data',
  'storage',
  'kv',
  'blob',
  'email',
  'sms',
  'think',
  'notify',
] as const satisfies readonly Operation[];

export type WorkerOperation = (typeof WORKER_OPERATIONS)[number];

export function isWorkerOperation(operation: string): operation is WorkerOperation {
  return (WORKER_OPERATIONS as readonly string[]).includes(operation);
}

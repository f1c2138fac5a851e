/**
 * Which operations the orchestrator carries out itself and which become tasks for workers: the one
 * list (the messaging layout derives its worker consumers from it, attempts.ts its handlers).
 */
import type { Operation } from '@baton/model';

/** Operations the orchestrator carries out itself; every other operation is a task for the workers. */
export const ORCHESTRATOR_OPERATIONS = [
  'transform',
  'sleep',
  'wait',
  'run',
] as const satisfies readonly Operation[];

export type OrchestratorOperation = (typeof ORCHESTRATOR_OPERATIONS)[number];

const ORCHESTRATED: ReadonlySet<Operation> = new Set<Operation>(ORCHESTRATOR_OPERATIONS);

/** Everything with I/O (code, validate, http, data, storage, kv, blob, email, sms, think, notify). */
export function isTaskOperation(
  operation: Operation,
): operation is Exclude<Operation, OrchestratorOperation> {
  return !ORCHESTRATED.has(operation);
}

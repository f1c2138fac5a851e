/** Which operations the orchestrator carries out itself and which become tasks for workers. */
import type { Operation } from '@baton/model';

const ORCHESTRATED: ReadonlySet<Operation> = new Set<Operation>(['transform', 'sleep', 'wait', 'run']);

/** Everything with I/O (code, validate, http, data, storage, kv, blob, email, sms, think, notify). */
export function isTaskOperation(operation: Operation): boolean {
  return !ORCHESTRATED.has(operation);
}

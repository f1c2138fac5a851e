/** The `transform` operation: a pure mapping, no I/O. Its output is the evaluated `config.value`. */
import type { OperationRequest } from './operation';
import { succeeded, type TaskOutcome } from './outcome';

export async function runTransform(request: OperationRequest): Promise<TaskOutcome> {
  return succeeded(request.config.value ?? null);
}

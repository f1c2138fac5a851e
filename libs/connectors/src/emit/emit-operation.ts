/**
 * The `emit` operation: `event` (a name such as `order.created`) and `data`. It starts every
 * ensemble whose `event` trigger matches the name (`order.*` patterns), with `data` as the input,
 * through the worker's `startRun` port. Output: `{ runIds }`; an event nobody listens to starts
 * nothing and succeeds with `{ runIds: [] }` (emitting is publishing, not addressing a run).
 */
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, messageOf, succeeded, type TaskOutcome } from '../outcome';
import { UnknownEnsembleError } from '../connector-deps';

/** A concrete event name: dot-separated tokens, no wildcard (`*` and `>` belong to trigger patterns). */
const EVENT_NAME = /^[^.*>\s]+(\.[^.*>\s]+)*$/;
const MAX_EVENT_NAME_LENGTH = 256;

export async function runEmit(request: OperationRequest): Promise<TaskOutcome> {
  const { config, deps } = request;
  const event = eventName(config.event);
  if (deps.startRun === undefined) {
    return failed('unsupported-operation', 'emit is not available in this worker (no startRun port)', {
      retryable: false,
    });
  }
  try {
    const { runIds } = await deps.startRun({ event, input: config.data ?? {} });
    return succeeded({ runIds });
  } catch (error) {
    if (error instanceof UnknownEnsembleError || (error as { code?: unknown })?.code === 'unknown-ensemble') {
      return succeeded({ runIds: [] });
    }
    if ((error as { code?: unknown })?.code === 'invalid-input') {
      // A listener's input schema refuses the data: emitting it again would be refused again.
      return failed('invalid-input', `event '${event}' started no run: ${messageOf(error)}`, {
        retryable: false,
      });
    }
    return failed('emit-failed', `emitting '${event}' failed: ${messageOf(error)}`, { retryable: true });
  }
}

function eventName(value: unknown): string {
  if (typeof value !== 'string' || !EVENT_NAME.test(value) || value.length > MAX_EVENT_NAME_LENGTH) {
    return invalidConfig(
      `emit needs config.event, an event name such as order.created (dot-separated, no * or >, at most ${MAX_EVENT_NAME_LENGTH} characters), not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * What one task attempt produced, as the worker reports it in `TaskResult.outcome`. Failures are
 * values with a stable code; `retryable` is the worker's advice to the engine (a deterministic
 * failure such as a bad config or a 4xx will not improve by trying again).
 */
import type { TaskResult } from '@baton/engine';

export type TaskOutcome = TaskResult['outcome'];
export type FailedOutcome = Extract<TaskOutcome, { ok: false }>;
export type SucceededOutcome = Extract<TaskOutcome, { ok: true }>;
export type HttpResponseInfo = NonNullable<SucceededOutcome['response']>;

/** Stable failure codes of this library (http failures use `http-<status>`, SQL ones `sql-<SQLSTATE>`). */
export type FailureCode =
  | 'unsupported-operation'
  | 'unknown-agent'
  | 'invalid-config'
  | 'expression-error'
  | 'script-error'
  | 'script-not-found'
  | 'script-compile-error'
  | 'timeout'
  | 'memory-limit'
  | 'circuit-open'
  | 'unknown-connection'
  | 'unknown-template'
  | 'unknown-schema'
  | 'invalid-schema'
  | 'network-error'
  | 'outbound-refused'
  | 'data-unavailable'
  | 'unknown-ensemble'
  | 'invalid-input'
  | 'queue-send-failed'
  | 'emit-failed'
  | 'invalid-output'
  | 'store-unavailable'
  | 'not-found'
  | 'too-large'
  | 'provider-error'
  | 'notify-failed'
  | 'worker-error'
  | `http-${number}`
  | `sql-${string}`;

export type TokenUsage = NonNullable<SucceededOutcome['usage']>;

export function succeeded(
  output: unknown,
  response?: HttpResponseInfo,
  usage?: TokenUsage,
): SucceededOutcome {
  return {
    ok: true,
    output,
    ...(response === undefined ? {} : { response }),
    ...(usage === undefined ? {} : { usage }),
  };
}

export function failed(
  code: FailureCode,
  message: string,
  options: { retryable: boolean; status?: number },
): FailedOutcome {
  const error = options.status === undefined ? { code, message } : { code, message, status: options.status };
  return { ok: false, error, retryable: options.retryable };
}

/**
 * Thrown by helpers deep inside an operation (reading config, resolving a connection) to stop it
 * with a failure; `executeTask` turns it back into the value it carries. It never leaves this library.
 */
export class OperationFailure extends Error {
  constructor(readonly outcome: FailedOutcome) {
    super(outcome.error.message);
    this.name = 'OperationFailure';
  }
}

/** Stops the current operation with a non-retryable failure: the definition or its values are wrong. */
export function invalidConfig(message: string): never {
  throw new OperationFailure(failed('invalid-config', message, { retryable: false }));
}

/** The message of anything thrown, including values from other realms and non-Error throws. */
export function messageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return String(error);
}

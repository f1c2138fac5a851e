import type { ExpressionErrorCode } from './types';

/**
 * The one error type of this library: every failure, at compile time or while evaluating, is an
 * ExpressionError with a code. Messages name the construct (an operator, a method, a limit), never
 * a runtime value, so that an error can be logged without leaking data or secrets.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    /** 0-based offset in the expression source (in the template text for compileTemplate). */
    readonly index?: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }

  /** The same error with its offset moved by `by` characters (for an expression inside a larger text). */
  shifted(by: number): ExpressionError {
    return new ExpressionError(this.code, this.message, (this.index ?? 0) + by, { cause: this.cause });
  }
}

// What V8 says when it runs out of stack or of string or array space.
const EXHAUSTION = /call stack|invalid (string|array) length|allocation failed/i;

/**
 * Turns whatever an evaluation threw into an ExpressionError. The cases are named: a RangeError
 * from exhausted stack or string space is a limit, other RangeErrors (toFixed(500)) are bad
 * arguments, a TypeError or URIError is an operation on the wrong kind of value; anything else is
 * reported as an evaluation failure.
 */
export function asExpressionError(error: unknown): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof RangeError && EXHAUSTION.test(error.message)) {
    return new ExpressionError(
      'limit',
      'evaluation exceeded the stack or memory available to it',
      undefined,
      { cause: error },
    );
  }
  if (error instanceof TypeError || error instanceof URIError) {
    return new ExpressionError('type', error.message, undefined, { cause: error });
  }
  const message = error instanceof Error ? error.message : 'evaluation failed';
  return new ExpressionError('evaluation', message, undefined, { cause: error });
}

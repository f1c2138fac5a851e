/**
 * The only callable values an expression can hold: its own arrow functions and the allow-listed
 * global functions used as values (`items.filter(Boolean)`). They are opaque objects, not JavaScript
 * functions, so nothing outside the evaluator can call them and member access finds nothing on them
 * (their implementation is a private field).
 */
import { ExpressionError } from '../expression-error';
import type { Evaluation } from './evaluation';

export type Invoke = (evaluation: Evaluation, args: readonly unknown[]) => unknown;

export class SandboxFunction {
  readonly #invoke: Invoke;

  constructor(invoke: Invoke) {
    this.#invoke = invoke;
  }

  static invoke(fn: SandboxFunction, evaluation: Evaluation, args: readonly unknown[]): unknown {
    return fn.#invoke(evaluation, args);
  }
}

/** Calls `fn` when it is a function of the language; `what` names it in the error otherwise. */
export function callFunction(
  fn: unknown,
  evaluation: Evaluation,
  args: readonly unknown[],
  what: string,
): unknown {
  if (!(fn instanceof SandboxFunction)) throw new ExpressionError('type', `${what} is not a function`);
  return SandboxFunction.invoke(fn, evaluation, args);
}

/** `fn` as a JavaScript function to call repeatedly (an array method's callback), checked once. */
export function callbackOf(fn: unknown, evaluation: Evaluation): (args: readonly unknown[]) => unknown {
  if (!(fn instanceof SandboxFunction)) throw new ExpressionError('type', 'the callback is not a function');
  return (args) => SandboxFunction.invoke(fn, evaluation, args);
}

/** Local variables of one arrow function call, linked to those of the enclosing calls. */
export class Frame {
  constructor(
    readonly values: readonly unknown[],
    readonly parent: Frame | null,
  ) {}
}

import type { Evaluation } from '../evaluate/evaluation';
import type { Frame } from '../evaluate/sandbox-function';
import type { ExpressionNode } from '../syntax/syntax-tree';

/** A compiled node: evaluates it in an evaluation, with the local variables of the enclosing arrows. */
export type Run = (evaluation: Evaluation, frame: Frame | null) => unknown;

export type Compile = (node: ExpressionNode) => Run;

/**
 * What a link of an optional chain returns when `?.` met null or undefined: every later link passes
 * it on untouched and the chain as a whole evaluates to undefined (`a?.b.c()` does not call).
 */
export const SHORT_CIRCUIT: unique symbol = Symbol('short-circuit');

/** Whether a member/call link can receive SHORT_CIRCUIT from the links below it. */
export function mayShortCircuit(node: ExpressionNode): boolean {
  for (
    let link = node;
    link.type === 'Member' || link.type === 'Call';
    link = link.type === 'Member' ? link.object : link.callee
  ) {
    if (link.optional) return true;
  }
  return false;
}

import type { Evaluation } from '../evaluate/evaluation';
import type { Frame } from '../evaluate/sandbox-function';
import { ExpressionError } from '../expression-error';
import type { ExpressionNode, SpreadNode } from '../syntax/syntax-tree';
import type { Compile, Run } from './run';

/** Appends the elements of a spread value (`...x` in an array literal or a call) to `into`. */
export function appendSpread(into: unknown[], value: unknown, evaluation: Evaluation): void {
  if (typeof value !== 'string' && !Array.isArray(value)) {
    throw new ExpressionError('type', 'only arrays and strings can be spread into a list');
  }
  // A string's length bounds its number of characters, so it is measured before it is split.
  evaluation.checkArray(into.length + value.length);
  evaluation.charge(value.length);
  // `[...secret]` spreads its characters: each is a piece of the secret.
  const pieces = typeof value === 'string' && evaluation.taint !== null && evaluation.taint.holds(value);
  for (const element of value) {
    into.push(element);
    if (pieces) evaluation.taint?.mark(element);
  }
}

export type ListRun = (evaluation: Evaluation, frame: Frame | null) => unknown[];

/** Compiles a list of elements or arguments, some of which may be spread. */
export function compileList(items: readonly (ExpressionNode | SpreadNode)[], compile: Compile): ListRun {
  const runs: Run[] = items.map((item) => compile(item.type === 'Spread' ? item.argument : item));
  const spread = items.map((item) => item.type === 'Spread');
  if (!spread.includes(true)) {
    return (evaluation, frame) => {
      const values = new Array<unknown>(runs.length);
      for (let i = 0; i < runs.length; i++) values[i] = runs[i](evaluation, frame);
      return values;
    };
  }
  return (evaluation, frame) => {
    const values: unknown[] = [];
    for (let i = 0; i < runs.length; i++) {
      const value = runs[i](evaluation, frame);
      if (spread[i]) appendSpread(values, value, evaluation);
      else {
        evaluation.checkArray(values.length + 1);
        values.push(value);
      }
    }
    return values;
  };
}

import { Evaluation } from '../evaluate/evaluation';
import { SandboxFunction } from '../evaluate/sandbox-function';
import { ExpressionError, asExpressionError } from '../expression-error';
import { GLOBAL_NAMES } from '../globals/global-table';
import { IntlFormatter } from '../globals/intl';
import { parseExpression } from '../syntax/parser';
import { resolveNames } from '../syntax/resolve-names';
import type { EvaluateOptions, Expression, Scope } from '../types';
import { BoundedCache } from './bounded-cache';
import { compileNode, stepCost } from './compile-node';
import { type DirectRead, directRead } from './direct-read';
import type { Run } from './run';

const CACHE_LIMIT = 20_000;

export class CompiledExpression implements Expression {
  constructor(
    readonly source: string,
    readonly roots: ReadonlySet<string>,
    readonly references: ReadonlyArray<readonly string[]>,
    private readonly run: Run,
    private readonly cost: number,
    private readonly direct: DirectRead | null,
  ) {}

  evaluate(scope: Scope, options?: EvaluateOptions): unknown {
    const direct = this.direct;
    if (direct === null) return this.evaluateIn(new Evaluation(scope, options));
    let value: unknown;
    try {
      value = direct(scope);
    } catch (error) {
      throw asExpressionError(error);
    }
    return typeof value === 'function' ? refuseFunction() : value;
  }

  /** Evaluates within an evaluation shared with other expressions (a template's, a deep value's). */
  evaluateIn(evaluation: Evaluation): unknown {
    try {
      let value: unknown;
      if (this.direct !== null) value = this.direct(evaluation.scope);
      else {
        evaluation.charge(this.cost);
        value = this.run(evaluation, null);
      }
      if (value instanceof IntlFormatter)
        throw new ExpressionError('type', 'an expression cannot evaluate to a formatter (call its format())');
      return typeof value === 'function' || value instanceof SandboxFunction ? refuseFunction() : value;
    } catch (error) {
      throw asExpressionError(error);
    }
  }
}

// Functions exist only inside an evaluation (as callbacks); a result must be data.
function refuseFunction(): never {
  throw new ExpressionError('type', 'an expression cannot evaluate to a function');
}

const cache = new BoundedCache<CompiledExpression>(CACHE_LIMIT);

function build(source: string): CompiledExpression {
  const tree = parseExpression(source);
  const { roots, references } = resolveNames(tree, GLOBAL_NAMES);
  return new CompiledExpression(
    source,
    roots,
    references,
    compileNode(tree),
    stepCost(tree),
    directRead(tree),
  );
}

/**
 * Compiles the body of a `${…}` (cached by source). Throws ExpressionError ('syntax', 'forbidden',
 * 'unknown-global', 'unknown-method', 'limit' for absurd nesting) with the offset of the problem.
 */
export function compiledExpression(source: string): CompiledExpression {
  return cache.get(source, build);
}

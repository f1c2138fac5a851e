import { runScope, table } from './__fixtures__/fixture-tables';
import { ExpressionError, compileExpression, compileTemplate } from './index';

interface ValueCase {
  readonly rule: string;
  readonly text?: string;
  readonly expression?: string;
  readonly expected?: unknown;
  readonly undefined?: boolean;
  readonly now?: number;
}

interface RefusedCase {
  readonly rule: string;
  readonly expression: string;
  readonly code: string;
  readonly index?: number;
  readonly scope?: Record<string, unknown>;
}

const scope = runScope();

function expectValue(value: unknown, row: ValueCase): void {
  if (row.undefined) expect(value).toBeUndefined();
  else expect(value).toEqual(row.expected);
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an ExpressionError, but nothing was thrown');
}

describe('the expressions of dsl.md', () => {
  it.each(table<ValueCase>('dsl-expressions.yaml'))('%s', (_rule, row) => {
    expectValue(compileTemplate(row.text as string).evaluate(scope, { now: row.now }), row);
  });
});

describe('the expression language', () => {
  it.each(table<ValueCase>('language.yaml'))('%s', (_rule, row) => {
    expectValue(compileExpression(row.expression as string).evaluate(scope, { now: row.now }), row);
  });
});

describe('refused constructs', () => {
  it.each(table<RefusedCase>('refused.yaml'))('%s', (_rule, row) => {
    const evaluate = (): unknown => compileExpression(row.expression).evaluate(row.scope ?? scope);
    const error = thrownBy(evaluate);
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).code).toBe(row.code);
    if (row.index === undefined) {
      // Found while evaluating: the expression itself compiles.
      expect(() => compileExpression(row.expression)).not.toThrow();
    } else {
      expect(thrownBy(() => compileExpression(row.expression))).toMatchObject({
        code: row.code,
        index: row.index,
      });
    }
  });
});

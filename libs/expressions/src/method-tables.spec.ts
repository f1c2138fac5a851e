/**
 * The allow-lists, as written in __fixtures__/methods.yaml and globals.yaml: every method and
 * global has a row with an example, and the rows and the implementation list the same names.
 */
import { fixture, runScope } from './__fixtures__/fixture-tables';
import { GLOBALS } from './globals/global-table';
import { ExpressionError, compileExpression } from './index';
import { METHOD_NAMES } from './methods/method-call';
import { MUTATING_METHODS } from './methods/mutating-methods';

interface Row {
  readonly method?: string;
  readonly global?: string;
  readonly expression: string;
  readonly expected?: unknown;
  readonly alternative?: string;
}

const NOW = Date.UTC(2024, 0, 15, 9, 5, 3, 250);
const scope = runScope();
const methods = fixture<Record<string, Row[]>>('methods.yaml');
const { mutating, ...allowed } = methods;
const globals = fixture<Row[]>('globals.yaml');

const rows = (list: readonly Row[], name: 'method' | 'global'): [string, Row][] =>
  list.map((row) => [`${row[name]}: ${row.expression}`, row]);

describe.each(Object.entries(allowed))('methods of %s', (_kind, list) => {
  it.each(rows(list, 'method'))('%s', (_name, row) => {
    expect(compileExpression(row.expression).evaluate(scope, { now: NOW })).toEqual(row.expected);
  });
});

describe('globals', () => {
  it.each(rows(globals, 'global'))('%s', (_name, row) => {
    expect(compileExpression(row.expression).evaluate(scope, { now: NOW })).toEqual(row.expected);
  });
});

describe('mutating methods', () => {
  it.each(rows(mutating, 'method'))('%s is refused, naming the alternative', (_name, row) => {
    let error: unknown;
    try {
      compileExpression(row.expression).evaluate(scope, { now: NOW });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error).toMatchObject({ code: 'unknown-method', index: expect.any(Number) });
    expect((error as Error).message).toContain(`'${row.method}' changes the value`);
    expect((error as Error).message).toContain(row.alternative);
  });

  it('a mutating method computed at run time is refused too', () => {
    expect(() => compileExpression("names['sort']()").evaluate(scope)).toThrow(
      expect.objectContaining({ code: 'unknown-method' }),
    );
  });
});

describe('the tables and the allow-lists name the same things', () => {
  it('every allowed method has a row, and every row an allowed method', () => {
    const listed = new Set(Object.values(allowed).flatMap((list) => list.map((row) => row.method)));
    expect([...listed].sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('every mutating method has a row', () => {
    expect(mutating.map((row) => row.method).sort()).toEqual([...MUTATING_METHODS.keys()].sort());
  });

  it('every global and global member has a row', () => {
    const names = [...GLOBALS].flatMap(([name, entry]) => [
      ...(entry.self === undefined ? [] : [name]),
      ...[...entry.members.keys()].map((member) => `${name}.${member}`),
    ]);
    expect(globals.map((row) => row.global).sort()).toEqual(names.sort());
  });
});

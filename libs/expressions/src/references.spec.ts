import { table } from './__fixtures__/fixture-tables';
import { compileExpression, compileTemplate, valueReferences } from './index';

interface ReferenceCase {
  readonly rule: string;
  readonly expression: string;
  readonly roots: string[];
  readonly references: string[][];
}

describe('what an expression reads', () => {
  it.each(table<ReferenceCase>('references.yaml'))('%s', (_rule, row) => {
    const expression = compileExpression(row.expression);
    expect([...expression.roots]).toEqual(row.roots);
    expect(expression.references).toEqual(row.references);
  });
});

describe('what a value reads', () => {
  it('unites the references of every template in a deep value, each once, in reading order', () => {
    const value = {
      url: 'https://api.example.com/orders/${state.order.id}',
      headers: { authorization: 'Bearer ${env.TOKEN}', 'x-order': '${state.order.id}' },
      body: [{ items: '${input.items}' }, 42, null, true, 'no placeholder'],
    };
    expect(valueReferences(value)).toEqual([
      ['state', 'order', 'id'],
      ['env', 'TOKEN'],
      ['input', 'items'],
    ]);
  });

  it('finds no reference in a value without templates', () => {
    expect(valueReferences({ a: [1, 'two', { three: null }] })).toEqual([]);
  });

  it('lists the expressions of a template in order', () => {
    expect(compileTemplate('${a.b} and ${c}').expressions.map((expression) => expression.source)).toEqual([
      'a.b',
      'c',
    ]);
  });
});

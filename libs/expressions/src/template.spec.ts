import { ExpressionError, compileExpression, compileTemplate, evaluateValue } from './index';

const scope = {
  n: 7,
  user: { name: 'Ada', tags: ['a', 'b'] },
  missing: null,
  at: '2024-05-01T12:00:00.000Z',
};

describe('templates', () => {
  it('a text that is exactly one placeholder evaluates to the value itself', () => {
    expect(compileTemplate('${user}').evaluate(scope)).toBe(scope.user);
    expect(compileTemplate('${n}').evaluate(scope)).toBe(7);
  });

  it('a placeholder with any text around it, even a space, renders a string', () => {
    expect(compileTemplate(' ${n}').evaluate(scope)).toBe(' 7');
    expect(compileTemplate('${n}${n}').evaluate(scope)).toBe('77');
  });

  it('renders dates as ISO 8601 text', () => {
    expect(compileTemplate('at ${new Date(at)}').evaluate(scope)).toBe('at 2024-05-01T12:00:00.000Z');
  });

  it('a text without placeholders is not dynamic and evaluates to itself', () => {
    const template = compileTemplate('no placeholder, just $ and {}');
    expect(template.dynamic).toBe(false);
    expect(template.expressions).toEqual([]);
    expect(template.evaluate(scope)).toBe('no placeholder, just $ and {}');
  });

  it('a text with placeholders is dynamic and lists its expressions', () => {
    const template = compileTemplate('Hi ${user.name}, you have ${user.tags.length} tags');
    expect(template.dynamic).toBe(true);
    expect(template.expressions.map((expression) => expression.source)).toEqual([
      'user.name',
      'user.tags.length',
    ]);
    expect(template.evaluate(scope)).toBe('Hi Ada, you have 2 tags');
  });

  it('reports a compile error at its offset in the template text', () => {
    expect(() => compileTemplate('hello ${user.constructor}')).toThrow(
      expect.objectContaining({ code: 'forbidden', index: 13 }),
    );
    expect(() => compileTemplate('a: ${x +}')).toThrow(expect.objectContaining({ code: 'syntax', index: 8 }));
  });

  it('reports an unclosed placeholder at its dollar', () => {
    expect(() => compileTemplate('ok ${a} and ${b')).toThrow(
      expect.objectContaining({ code: 'syntax', index: 12 }),
    );
  });

  it('compiles each distinct text once', () => {
    expect(compileTemplate('${n + 1}')).toBe(compileTemplate('${n + 1}'));
    expect(compileExpression('n + 1')).toBe(compileExpression('n + 1'));
  });

  it('evaluates a compiled template again with another scope', () => {
    const template = compileTemplate('#${n}');
    expect([template.evaluate({ n: 1 }), template.evaluate({ n: 2 })]).toEqual(['#1', '#2']);
  });

  it('shares one step budget between the placeholders of a template', () => {
    const spend = '${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(i => i)}';
    const options = { limits: { maxSteps: 40 } };
    expect(compileTemplate(spend).evaluate({}, options)).toHaveLength(10);
    expect(() => compileTemplate(`${spend} ${spend}`).evaluate({}, options)).toThrow(
      expect.objectContaining({ code: 'limit' }),
    );
  });
});

describe('evaluateValue', () => {
  it('evaluates every string of a deep value as a template and rebuilds objects and arrays', () => {
    const definition = {
      url: '/users/${user.name}',
      body: { tags: '${user.tags}', count: '${n}', fixed: 3, flag: false, none: null },
      list: ['${n * 2}', 'x'],
    };
    expect(evaluateValue(definition, scope)).toEqual({
      url: '/users/Ada',
      body: { tags: ['a', 'b'], count: 7, fixed: 3, flag: false, none: null },
      list: [14, 'x'],
    });
    expect(definition.body.count).toBe('${n}');
  });

  it('keeps object keys as written, placeholders included', () => {
    expect(evaluateValue({ '${n}': '${n}' }, scope)).toEqual({ '${n}': 7 });
  });

  it('keeps a __proto__ key as an own property', () => {
    const value = evaluateValue(JSON.parse('{"__proto__": "${n}"}'), scope) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(7);
  });

  it('gives every template of the value the same clock', () => {
    expect(evaluateValue({ a: '${Date.now()}', b: ['${new Date().getTime()}'] }, {}, { now: 1234 })).toEqual({
      a: 1234,
      b: [1234],
    });
  });

  it('shares one step budget across the templates of the value', () => {
    const spend = '${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(i => i)}';
    expect(() => evaluateValue({ a: spend, b: spend }, {}, { limits: { maxSteps: 40 } })).toThrow(
      ExpressionError,
    );
  });
});

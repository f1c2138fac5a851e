/**
 * Hostile expressions and hostile data: each must end quickly in an ExpressionError with the
 * expected code, never in a RangeError, a hang, or a change to the host's objects.
 */
import {
  ExpressionError,
  type Scope,
  compileExpression,
  compileTemplate,
  evaluateValue,
  findExpressions,
} from './index';

// Generous: the point is "does not hang", on a machine shared with other builds.
const QUICKLY_MS = 3000;

const deepArrayText = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

const hostileData: Scope = {
  input: { order: { id: 'o1' } },
  request: {
    body: JSON.parse('{"__proto__": {"polluted": true}, "key": "constructor", "text": "${process.exit(1)}"}'),
  },
  big: 'a'.repeat(600_000),
  many: Array.from({ length: 200_000 }, (_, i) => i),
  deep: JSON.parse(deepArrayText(50_000)),
  range: Array.from({ length: 1000 }, (_, i) => i),
};

interface HostileCase {
  readonly rule: string;
  readonly expression: string;
  readonly code: ExpressionError['code'];
}

const cases: HostileCase[] = [
  { rule: 'a __proto__ member in brackets is refused', expression: "input['__proto__']", code: 'forbidden' },
  {
    rule: 'a key from the payload that names constructor is refused',
    expression: 'input[request.body.key]',
    code: 'forbidden',
  },
  {
    rule: 'the constructor of an object literal is refused',
    expression: '({}).constructor',
    code: 'forbidden',
  },
  {
    rule: 'the constructor of an array method is refused',
    expression: '[].map.constructor',
    code: 'forbidden',
  },
  {
    rule: 'a constructor built from pieces is refused',
    expression: "input[['con', 'structor'].join('')]",
    code: 'forbidden',
  },
  {
    rule: 'a prototype reached through a computed key is refused',
    expression: "names[`proto${'type'}`]",
    code: 'forbidden',
  },
  {
    rule: 'ten thousand nested parentheses are refused',
    expression: '('.repeat(10_000) + '1' + ')'.repeat(10_000),
    code: 'limit',
  },
  { rule: 'ten thousand nested arrays are refused', expression: deepArrayText(10_000), code: 'limit' },
  {
    rule: 'ten thousand nested objects are refused',
    expression: '({a:'.repeat(10_000) + '1' + '})'.repeat(10_000),
    code: 'limit',
  },
  { rule: 'ten thousand prefix operators are refused', expression: '!'.repeat(10_000) + 'x', code: 'limit' },
  {
    rule: 'a hundred thousand chained additions are refused',
    expression: Array(100_000).fill('1').join('+'),
    code: 'limit',
  },
  {
    rule: 'ten thousand chained members are refused',
    expression: 'input' + '.a'.repeat(10_000),
    code: 'limit',
  },
  {
    rule: 'ten thousand nested arrow functions are refused',
    expression: 'x => '.repeat(10_000) + 'x',
    code: 'limit',
  },
  {
    rule: 'ten thousand nested conditionals are refused',
    expression: 'x ? 1 : '.repeat(10_000) + '0',
    code: 'limit',
  },
  {
    rule: 'ten thousand nested template literals are refused',
    expression: '`${'.repeat(10_000) + '1' + '}`'.repeat(10_000),
    code: 'limit',
  },
  {
    rule: 'right-associative exponent chains are refused when too deep',
    expression: Array(10_000).fill('2').join('**'),
    code: 'limit',
  },
  {
    rule: 'self-application recursion ends at the depth limit',
    expression: '(f => f(f))(f => f(f))',
    code: 'limit',
  },
  { rule: 'a billion repeats are refused before allocating', expression: "'x'.repeat(1e9)", code: 'limit' },
  {
    rule: 'a billion characters of padStart are refused before allocating',
    expression: "'x'.padStart(1e9)",
    code: 'limit',
  },
  {
    rule: 'a billion characters of padEnd are refused before allocating',
    expression: "'x'.padEnd(1e9, 'ab')",
    code: 'limit',
  },
  {
    rule: 'repeated doubling of a string stops at the string limit',
    expression: "range.slice(0, 40).reduce(s => s + s, 'x')",
    code: 'limit',
  },
  { rule: 'joining two large strings past the limit is refused', expression: 'big + big', code: 'limit' },
  {
    rule: 'a template literal past the string limit is refused',
    expression: '`${big}${big}`',
    code: 'limit',
  },
  {
    rule: 'replaceAll that would explode a string is refused before building it',
    expression: "big.replaceAll('a', big)",
    code: 'limit',
  },
  {
    rule: 'splitting into more elements than allowed is refused',
    expression: "big.split('')",
    code: 'limit',
  },
  {
    rule: 'a self-multiplying structure cannot be stringified',
    expression: 'JSON.stringify(range.slice(0, 10).reduce(a => [a, a, a, a, a, a, a, a, a, a], 0))',
    code: 'limit',
  },
  {
    rule: 'a reduce over a huge array runs out of steps',
    expression: 'many.reduce((sum, n) => sum + n, 0)',
    code: 'limit',
  },
  {
    rule: 'nested loops run out of steps',
    expression: 'range.map(a => range.map(b => range.map(c => a + b + c)))',
    code: 'limit',
  },
  {
    rule: 'sorting a huge array runs out of steps',
    expression: 'many.toSorted((a, b) => b - a)',
    code: 'limit',
  },
  { rule: 'a spread of a huge array into a literal is refused', expression: '[...many]', code: 'limit' },
  {
    rule: 'deeply nested data cannot be stringified past the depth limit',
    expression: 'JSON.stringify(deep)',
    code: 'limit',
  },
  {
    rule: 'deeply nested data cannot be flattened past the depth limit',
    expression: 'deep.flat(Infinity)',
    code: 'limit',
  },
  {
    rule: 'deeply nested data cannot be joined past the depth limit',
    expression: "deep.join(',')",
    code: 'limit',
  },
  {
    rule: 'deeply nested data parsed from a string cannot be stringified',
    expression: `JSON.stringify(JSON.parse('${deepArrayText(20_000)}'))`,
    code: 'limit',
  },
  {
    rule: 'padEnd to a billion characters is refused before allocating',
    expression: "'x'.padEnd(1e9, 'ab')",
    code: 'limit',
  },
  {
    rule: 'toLocaleString with a billion fraction digits is refused',
    expression: "(1).toLocaleString('en-US', { minimumFractionDigits: 1e9 })",
    code: 'evaluation',
  },
  { rule: 'a huge locale is refused', expression: '(1).toLocaleString(big)', code: 'evaluation' },
  { rule: 'a huge list of locales is refused', expression: '(1).toLocaleString(many)', code: 'evaluation' },
  {
    rule: 'an object as a formatting option is refused',
    expression: "new Date(0).toLocaleDateString('en-US', { timeZone: input })",
    code: 'type',
  },
  {
    rule: 'a huge formatting option is refused',
    expression: "new Intl.DateTimeFormat('en-US', { weekday: big }).format(0)",
    code: 'evaluation',
  },
  {
    rule: 'an unknown time zone is refused without quoting it',
    expression: "new Intl.DateTimeFormat('en-US', { timeZone: 'Mars/Olympus_Mons' }).format(0)",
    code: 'evaluation',
  },
  {
    rule: 'a currency format without a currency is refused',
    expression: "Intl.NumberFormat('en-US', { style: 'currency' }).format(1)",
    code: 'evaluation',
  },
  {
    rule: 'formatting every element of a huge array runs out of steps',
    expression: 'many.map(n => n.toLocaleString())',
    code: 'limit',
  },
  { rule: 'with() outside the array is refused', expression: 'range.with(1e9, 1)', code: 'evaluation' },
  {
    rule: 'toSpliced cannot build an array past the limit',
    expression: 'many.toSpliced(0, 0, ...range)',
    code: 'limit',
  },
  {
    rule: 'a formatter is not a value an expression can give',
    expression: "new Intl.NumberFormat('en-US')",
    code: 'type',
  },
  {
    rule: 'a wide object cannot be listed past the array limit',
    expression: "Object.keys(Object.fromEntries(many.map(n => ['k' + n, n])))",
    code: 'limit',
  },
];

function outcome(run: () => unknown): { error: unknown; elapsed: number } {
  const started = performance.now();
  try {
    run();
    return { error: undefined, elapsed: performance.now() - started };
  } catch (error) {
    return { error, elapsed: performance.now() - started };
  }
}

describe('hostile expressions', () => {
  it.each(cases.map((row) => [row.rule, row] as const))('%s', (_rule, row) => {
    const { error, elapsed } = outcome(() =>
      compileExpression(row.expression).evaluate({ ...hostileData, names: ['a'] }),
    );
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).code).toBe(row.code);
    expect(elapsed).toBeLessThan(QUICKLY_MS);
  });

  it.each([
    '=',
    '+=',
    '-=',
    '*=',
    '/=',
    '%=',
    '**=',
    '<<=',
    '>>=',
    '>>>=',
    '&=',
    '|=',
    '^=',
    '&&=',
    '||=',
    '??=',
  ])('the assignment operator %s is forbidden', (operator) => {
    expect(() => compileExpression(`input.total ${operator} 1`)).toThrow(
      expect.objectContaining({ code: 'forbidden', index: 12 }),
    );
  });

  it.each(['x++', '++x', 'x--', '--x'])('the update expression %s is forbidden', (source) => {
    expect(() => compileExpression(source)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});

describe('hostile data', () => {
  it('spreading a payload with a __proto__ key copies it as an own property and pollutes nothing', () => {
    const copy = compileExpression('({ ...request.body })').evaluate(hostileData) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reading a method without calling it gives undefined, never a native function', () => {
    expect(
      compileExpression('[names.map, input.toString, input.hasOwnProperty, big.at]').evaluate({
        ...hostileData,
        names: [],
      }),
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a function of the language exposes no members', () => {
    expect(
      compileExpression('[(x => x).call, (x => x).length, [Number].map(f => f.name)[0]]').evaluate({}),
    ).toEqual([undefined, undefined, undefined]);
  });

  it('a string in the scope is data, never parsed as an expression', () => {
    expect(compileTemplate('${request.body.text}').evaluate(hostileData)).toBe('${process.exit(1)}');
    expect(compileTemplate('text: ${request.body.text}').evaluate(hostileData)).toBe(
      'text: ${process.exit(1)}',
    );
  });

  it('evaluating a value leaves strings that come from the scope as they are', () => {
    const { body } = hostileData.request as { body: unknown };
    expect(evaluateValue({ echo: '${request.body}', text: '${request.body.text}' }, hostileData)).toEqual({
      echo: body,
      text: '${process.exit(1)}',
    });
  });

  it('interpolating deeply nested data is refused with a limit error', () => {
    expect(() => compileTemplate('data: ${deep}').evaluate(hostileData)).toThrow(
      expect.objectContaining({ code: 'limit' }),
    );
  });

  it('findExpressions scans a hundred thousand nested braces without recursing', () => {
    const text = 'x: ${ ' + '{'.repeat(100_000) + '}'.repeat(100_000) + ' }';
    expect(findExpressions(text)).toEqual([{ start: 3, end: text.length, source: text.slice(5, -1) }]);
  });

  it('findExpressions scans ten thousand nested template literals without recursing', () => {
    const body = '`${'.repeat(10_000) + '1' + '}`'.repeat(10_000);
    expect(findExpressions('${' + body + '}')).toEqual([{ start: 0, end: body.length + 3, source: body }]);
  });

  it('methods that return copies leave the scope untouched', () => {
    const scope = { list: [3, 1, 2] };
    compileExpression(
      '[list.toSorted(), list.toReversed(), list.toSorted((a, b) => b - a), list.toSpliced(0, 1), list.with(0, 9)]',
    ).evaluate(scope);
    expect(scope.list).toEqual([3, 1, 2]);
  });
});

import { DEFAULT_LIMITS, compileExpression } from './index';

function limitOf(
  source: string,
  limits: Record<string, number>,
  scope: Record<string, unknown> = {},
): unknown {
  try {
    return compileExpression(source).evaluate(scope, { limits });
  } catch (error) {
    return error;
  }
}

describe('evaluation limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxSteps: 100_000,
      maxStringLength: 1_000_000,
      maxArrayLength: 100_000,
      maxDepth: 100,
    });
  });

  it('stops an evaluation that takes more steps than allowed', () => {
    const list = Array.from({ length: 100 }, (_, i) => i);
    expect(limitOf('list.map(i => i * 2).length', { maxSteps: 1000 }, { list })).toBe(100);
    expect(limitOf('list.map(i => i * 2).length', { maxSteps: 300 }, { list })).toMatchObject({
      code: 'limit',
    });
  });

  it('refuses a string longer than allowed before building it', () => {
    expect(limitOf("'ab'.repeat(5)", { maxStringLength: 10 })).toBe('ababababab');
    expect(limitOf("'ab'.repeat(6)", { maxStringLength: 10 })).toMatchObject({ code: 'limit' });
    expect(limitOf("'abcdef' + 'ghijk'", { maxStringLength: 10 })).toMatchObject({ code: 'limit' });
  });

  it('refuses an array longer than allowed', () => {
    expect(limitOf('[1, 2, 3].concat([4])', { maxArrayLength: 4 })).toEqual([1, 2, 3, 4]);
    expect(limitOf('[1, 2, 3].concat([4, 5])', { maxArrayLength: 4 })).toMatchObject({ code: 'limit' });
    expect(limitOf("'a,b,c,d,e'.split(',')", { maxArrayLength: 4 })).toMatchObject({ code: 'limit' });
  });

  it('refuses calls nested deeper than allowed', () => {
    const nested = '(f => f(f, 0))((g, n) => n < 20 ? g(g, n + 1) : n)';
    expect(limitOf(nested, { maxDepth: 25 })).toBe(20);
    expect(limitOf(nested, { maxDepth: 15 })).toMatchObject({ code: 'limit' });
  });

  it('charges string work by length, so that repeated large operations run out of steps', () => {
    // Upper-casing 500,000 characters costs about 500 steps: 3 fit in 10,000 steps, 30 do not.
    const scope = {
      big: 'x'.repeat(500_000),
      three: [1, 2, 3],
      thirty: Array.from({ length: 30 }, (_, i) => i),
    };
    expect(limitOf('three.map(() => big.toUpperCase().length)', { maxSteps: 10_000 }, scope)).toEqual([
      500_000, 500_000, 500_000,
    ]);
    expect(limitOf('thirty.map(() => big.toUpperCase().length)', { maxSteps: 10_000 }, scope)).toMatchObject({
      code: 'limit',
    });
  });
});

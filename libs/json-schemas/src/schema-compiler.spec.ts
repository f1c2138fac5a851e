import { compileJsonSchema, readableErrors } from './schema-compiler';

function validator(schema: Record<string, unknown>) {
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.validate;
}

describe('JSON Schemas of ensembles', () => {
  it('matches patterns as JSON Schema means them: anywhere in the string unless anchored', () => {
    const validate = validator({ type: 'string', pattern: '^[A-Z]{3}-\\d+$' });
    expect(validate('ABC-42')).toBe(true);
    expect(validate('abc-42')).toBe(false);
    expect(validator({ type: 'string', pattern: 'b+' })('abbbc')).toBe(true);
    expect(validator({ type: 'string', pattern: '^\\p{L}+$' })('héllo')).toBe(true);
  });

  it('answers a catastrophic-backtracking pattern in linear time (the input is refused, not stalled on)', () => {
    const validate = validator({ type: 'string', pattern: '^(a+)+$' });
    // A backtracking engine would not finish 40 characters before the test's time-out; this is 100,000.
    expect(validate(`${'a'.repeat(100_000)}!`)).toBe(false);
  });

  it('refuses a pattern longer than 1,000 characters, saying so', () => {
    const compiled = compileJsonSchema({ type: 'string', pattern: 'x'.repeat(1001) });
    expect(!compiled.ok && compiled.message).toContain('pattern is 1001 characters long; at most 1000');
  });

  it('applies the same engine to patternProperties', () => {
    const validate = validator({
      type: 'object',
      patternProperties: { '^(x+x+)+y$': { type: 'number' } },
    });
    expect(validate({ [`${'x'.repeat(50_000)}`]: 'not a number' })).toBe(true);
    expect(validate({ xxy: 'not a number' })).toBe(false);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', '^(?=a)a$'],
    ['a lookbehind', '(?<!x)y'],
  ])('refuses %s, which a linear-time engine cannot match, with the reason', (_what, pattern) => {
    const compiled = compileJsonSchema({ type: 'string', pattern });
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.message).toMatch(/error parsing regexp/);
  });

  it('picks the draft from $schema: prefixItems means something in 2020-12 only', () => {
    const tuple = { type: 'array', prefixItems: [{ type: 'number' }] };
    expect(validator({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...tuple })(['x'])).toBe(
      false,
    );
    expect(validator(tuple)(['x'])).toBe(true);
  });

  it('compiles one schema text once, and recursive schemas keep working', () => {
    const tree = { $id: 'tree', type: 'object', properties: { child: { $ref: '#' }, n: { type: 'number' } } };
    const first = validator(tree);
    expect(validator(JSON.parse(JSON.stringify(tree)) as Record<string, unknown>)).toBe(first);
    expect(first({ child: { child: { n: 1 } } })).toBe(true);
    expect(first({ child: { child: { n: 'x' } } })).toBe(false);
  });

  it('checks formats, and says where data fails', () => {
    const validate = validator({
      type: 'object',
      properties: { email: { type: 'string', format: 'email' } },
    });
    expect(validate({ email: 'not-an-email' })).toBe(false);
    expect(readableErrors(validate.errors)).toEqual(['/email must match format "email"']);
  });
});

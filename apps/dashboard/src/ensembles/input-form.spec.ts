import { formPlan, inputFromFields, inputFromJson, type FormField } from './input-form';

const signup = {
  type: 'object',
  required: ['email', 'seats'],
  properties: {
    email: { type: 'string', format: 'email', description: 'Who signs up' },
    seats: { type: 'integer', default: 1 },
    discount: { type: ['number', 'null'] },
    plan: { enum: ['free', 'team', 'enterprise'], default: 'team' },
    newsletter: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

function fieldsOf(schema: unknown): readonly FormField[] {
  const plan = formPlan(schema);
  if (plan.mode !== 'fields') throw new Error('expected fields');
  return plan.fields;
}

describe('formPlan', () => {
  it('plans one control per property of an object schema, with defaults and what is required', () => {
    expect(fieldsOf(signup)).toEqual([
      {
        name: 'email',
        kind: 'text',
        required: true,
        description: 'Who signs up',
        format: 'email',
        initial: '',
      },
      { name: 'seats', kind: 'integer', required: true, initial: '1' },
      { name: 'discount', kind: 'number', required: false, initial: '' },
      {
        name: 'plan',
        kind: 'choice',
        required: false,
        choices: ['"free"', '"team"', '"enterprise"'],
        initial: '"team"',
      },
      { name: 'newsletter', kind: 'boolean', required: false, initial: true },
      { name: 'tags', kind: 'json', required: false, initial: '' },
    ]);
  });

  it('falls back to JSON text without a schema, or for a schema that is not an object with properties', () => {
    expect(formPlan(undefined)).toEqual({ mode: 'json', initial: '{}' });
    expect(formPlan({ type: 'array', default: [1] })).toEqual({ mode: 'json', initial: '[\n  1\n]' });
    expect(formPlan({ type: 'object' })).toEqual({ mode: 'json', initial: '{}' });
  });
});

describe('inputFromFields', () => {
  const fields = fieldsOf(signup);

  it('builds the typed input, leaving out optional fields left empty', () => {
    expect(
      inputFromFields(fields, {
        email: ' ada@example.com',
        seats: ' 3 ',
        plan: '"enterprise"',
        tags: '["a","b"]',
      }),
    ).toEqual({
      ok: true,
      input: { email: ' ada@example.com', seats: 3, plan: 'enterprise', newsletter: true, tags: ['a', 'b'] },
    });
  });

  it('says what is wrong with each field', () => {
    expect(inputFromFields(fields, { email: '  ', seats: '2.5', discount: 'ten', tags: '[a' })).toEqual({
      ok: false,
      errors: {
        email: 'required',
        seats: 'must be a whole number',
        discount: 'must be a number',
        tags: expect.stringMatching(/^not valid JSON: /),
      },
    });
  });
});

describe('inputFromJson', () => {
  it('reads JSON text, empty as {}, and says why it cannot', () => {
    expect(inputFromJson('{"a":1}')).toEqual({ ok: true, input: { a: 1 } });
    expect(inputFromJson('  ')).toEqual({ ok: true, input: {} });
    expect(inputFromJson('{a:1}')).toEqual({
      ok: false,
      message: expect.stringMatching(/^not valid JSON: /),
    });
  });
});

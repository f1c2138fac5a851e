import { fillTemplate } from './request-template';

describe('fillTemplate', () => {
  it('gives a value that is exactly one placeholder its own type', () => {
    expect(fillTemplate({ amount: '{{amount}}', tags: '{{ tags }}' }, { amount: 42, tags: ['a'] })).toEqual({
      amount: 42,
      tags: ['a'],
    });
  });

  it('interpolates placeholders inside longer strings, objects as JSON and missing values as empty', () => {
    expect(fillTemplate('/orders/{{id}}?q={{q}}&m={{missing}}', { id: 7, q: { a: 1 } })).toBe(
      '/orders/7?q={"a":1}&m=',
    );
  });

  it('follows dotted paths through nested data', () => {
    expect(fillTemplate(['{{customer.email}}'], { customer: { email: 'a@example.com' } })).toEqual([
      'a@example.com',
    ]);
  });

  it('does not read inherited properties of the data', () => {
    expect(fillTemplate('{{constructor}}', {})).toBeUndefined();
  });
});

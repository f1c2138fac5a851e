import { ApiError } from './api-error';
import { queryText } from './query-params';

function statusOf(read: () => unknown): number {
  try {
    read();
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe('query parameters', () => {
  it('reads a parameter given once, and an absent one as undefined', () => {
    expect(queryText('limit', '10')).toBe('10');
    expect(queryText('limit', undefined)).toBeUndefined();
  });

  it('refuses a parameter given twice, and one holding a NUL character, with 400', () => {
    expect(statusOf(() => queryText('ensemble', ['a', 'b']))).toBe(400);
    expect(statusOf(() => queryText('ensemble', 'a\u0000b'))).toBe(400);
  });
});

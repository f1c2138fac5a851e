import { KnownSecrets } from '../testing/captured-lines';
import { redactSecrets } from './secret-redaction';

describe('redactSecrets', () => {
  it('returns a masked copy and leaves the original untouched', () => {
    const original = { headers: { authorization: 'Bearer t0k3n' } };
    expect(redactSecrets(original)).toEqual({ headers: { authorization: '[redacted]' } });
    expect(original.headers.authorization).toBe('Bearer t0k3n');
  });

  it('masks a whole object held under a secret-bearing name', () => {
    expect(redactSecrets({ credentials: { user: 'u', pass: 'p' } })).toEqual({ credentials: '[redacted]' });
  });

  it('keeps an object that appears twice side by side, since only an ancestor makes a cycle', () => {
    const shared = { id: 1 };
    expect(redactSecrets({ a: shared, b: shared })).toEqual({ a: { id: 1 }, b: { id: 1 } });
  });

  it('copies an error as an error of the same class with its text masked', () => {
    const secrets = new KnownSecrets().add('pw-42');
    const copy = redactSecrets(new TypeError('bad pw-42'), secrets);
    expect(copy).toBeInstanceOf(TypeError);
    expect((copy as Error).message).toBe('bad [redacted]');
    expect((copy as Error).stack).not.toContain('pw-42');
  });
});

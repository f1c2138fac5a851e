import { dedupeKvKey } from './dedupe-key';

const VALID_KV_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe('dedupeKvKey', () => {
  it('turns any trigger and delivery id into a valid KV key that can be decoded back', () => {
    const key = '/hooks/orders:evt_1 *>.ünï';
    const kvKey = dedupeKvKey(key);
    expect(kvKey).toMatch(VALID_KV_KEY);
    expect(kvKey.startsWith('k_')).toBe(true);
    expect(Buffer.from(kvKey.slice(2), 'base64url').toString('utf8')).toBe(key);
  });

  it('hashes keys too long to keep readable, still distinctly', () => {
    const a = dedupeKvKey(`/hooks/x:${'a'.repeat(500)}`);
    const b = dedupeKvKey(`/hooks/x:${'a'.repeat(499)}b`);
    expect(a).toMatch(/^h_[-_a-zA-Z0-9]{43}$/);
    expect(a).not.toBe(b);
  });

  it('gives different keys to different deliveries of one trigger', () => {
    expect(dedupeKvKey('/hooks/orders:1')).not.toBe(dedupeKvKey('/hooks/orders:2'));
  });
});

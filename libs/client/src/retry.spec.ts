import { DEFAULT_RETRY, retryAfterMs, retryDelayMs } from './retry';

describe('Retry-After', () => {
  const now = Date.UTC(2025, 0, 15, 9, 30, 0);

  it('reads delta-seconds as milliseconds', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, never negative', () => {
    expect(retryAfterMs('Wed, 15 Jan 2025 09:30:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 15 Jan 2025 09:29:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-1', now)).toBeUndefined();
  });
});

describe('the wait before sending again', () => {
  it('is what the server asked for when it said, up to the longest wait', () => {
    expect(retryDelayMs(DEFAULT_RETRY, 1, 4000, 0.9)).toBe(4000);
    expect(retryDelayMs(DEFAULT_RETRY, 1, 120_000, 0.9)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('doubles from the first back-off otherwise, between half and all of it', () => {
    expect(retryDelayMs(DEFAULT_RETRY, 1, undefined, 0)).toBe(250);
    expect(retryDelayMs(DEFAULT_RETRY, 1, undefined, 0.999_999)).toBe(500);
    expect(retryDelayMs(DEFAULT_RETRY, 3, undefined, 0.999_999)).toBe(2000);
    expect(retryDelayMs(DEFAULT_RETRY, 20, undefined, 0.999_999)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

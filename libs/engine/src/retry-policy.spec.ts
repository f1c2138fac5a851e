import type { RetryPolicy } from '@baton/model';
import { nextAttemptDelay, shouldRetry } from './retry-policy';

const policy = (overrides: Partial<RetryPolicy>): RetryPolicy => ({
  maxAttempts: 5,
  backoff: 'exponential',
  initialDelayMs: 1000,
  ...overrides,
});

describe('nextAttemptDelay', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
  ])('exponential back-off waits initial·2^(n-1) after attempt %i (%i ms)', (attempt, delay) => {
    expect(nextAttemptDelay(policy({ backoff: 'exponential' }), attempt)).toBe(delay);
  });

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 3000],
  ])('linear back-off waits initial·n after attempt %i (%i ms)', (attempt, delay) => {
    expect(nextAttemptDelay(policy({ backoff: 'linear' }), attempt)).toBe(delay);
  });

  it.each([1, 2, 7])('fixed back-off always waits the initial delay (after attempt %i)', (attempt) => {
    expect(nextAttemptDelay(policy({ backoff: 'fixed', initialDelayMs: 250 }), attempt)).toBe(250);
  });

  it('the initial delay scales every kind of back-off', () => {
    expect(nextAttemptDelay(policy({ backoff: 'exponential', initialDelayMs: 300 }), 3)).toBe(1200);
    expect(nextAttemptDelay(policy({ backoff: 'linear', initialDelayMs: 300 }), 3)).toBe(900);
  });

  it('max delay caps the back-off', () => {
    expect(nextAttemptDelay(policy({ backoff: 'exponential', maxDelayMs: 5000 }), 4)).toBe(5000);
    expect(nextAttemptDelay(policy({ backoff: 'linear', maxDelayMs: 2500 }), 9)).toBe(2500);
    expect(nextAttemptDelay(policy({ backoff: 'exponential', maxDelayMs: 5000 }), 2)).toBe(2000);
  });
});

describe('shouldRetry', () => {
  const error = { code: 'http', message: 'bad gateway', status: 502 };

  it('a failure is retried while attempts remain', () => {
    expect(shouldRetry(policy({ maxAttempts: 3 }), 2, error, undefined)).toBe(true);
    expect(shouldRetry(policy({ maxAttempts: 3 }), 3, error, undefined)).toBe(false);
  });

  it('a failure the worker calls permanent is not retried', () => {
    expect(shouldRetry(policy({}), 1, error, false)).toBe(false);
  });

  it('retryOn limits retries to the listed HTTP statuses', () => {
    expect(shouldRetry(policy({ retryOn: [503] }), 1, error, undefined)).toBe(false);
    expect(shouldRetry(policy({ retryOn: [502, 503] }), 1, error, undefined)).toBe(true);
  });

  it('retryOn does not filter failures that carry no HTTP status', () => {
    expect(shouldRetry(policy({ retryOn: [503] }), 1, { code: 'timeout', message: 'slow' }, true)).toBe(true);
  });
});

/** When a failed attempt is tried again, and after how long. */
import type { RetryPolicy } from '@baton/model';
import type { AgentErrorInfo } from './events';

/**
 * Milliseconds to wait after attempt `attempt` (1-based) failed, before the next one:
 * exponential `initial·2^(attempt-1)`, linear `initial·attempt`, fixed `initial`; never more than
 * `maxDelayMs` when it is set.
 */
export function nextAttemptDelay(policy: RetryPolicy, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  const initial = Math.max(0, policy.initialDelayMs);
  let delay: number;
  switch (policy.backoff) {
    case 'linear':
      delay = initial * n;
      break;
    case 'fixed':
      delay = initial;
      break;
    default:
      delay = initial * 2 ** (n - 1);
  }
  return policy.maxDelayMs === undefined ? delay : Math.min(delay, Math.max(0, policy.maxDelayMs));
}

/**
 * Whether the failure of attempt `attempt` gets another attempt: attempts remain, the worker did
 * not call it permanent (`retryable: false`), and, when `retryOn` lists statuses, the failure's
 * HTTP status is one of them. A failure without a status (time-out, connection error) is not
 * filtered by `retryOn`, which only speaks about responses.
 */
export function shouldRetry(
  policy: RetryPolicy,
  attempt: number,
  error: AgentErrorInfo,
  retryable: boolean | undefined,
): boolean {
  if (attempt >= policy.maxAttempts || retryable === false) return false;
  if (policy.retryOn !== undefined && error.status !== undefined)
    return policy.retryOn.includes(error.status);
  return true;
}

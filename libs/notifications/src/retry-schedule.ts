/**
 * When a failed attempt is tried again (dsl.md "Notifications"): after 1 s, 5 s, 30 s, 2 min and
 * 5 min (the first `retries` of them), or after each delay of the notification's own
 * `retrySchedule`; on 5xx, 408 and 429 answers, connection errors and time-outs only. A
 * `Retry-After` longer than the scheduled delay wins, up to an hour.
 */
import type { NotificationDefinition } from '@baton/model';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 30_000, 120_000, 300_000];
/** The longest wait a receiver's `Retry-After` can impose on one retry. */
export const MAX_RETRY_AFTER_MS = 3600_000;

/** The delay before each retry of a notification, in order; its length is the number of retries. */
export function retryDelaysOf(notification: NotificationDefinition): readonly number[] {
  if (notification.type === 'webhook') {
    return notification.retrySchedule ?? DEFAULT_RETRY_DELAYS_MS.slice(0, notification.retries);
  }
  return DEFAULT_RETRY_DELAYS_MS;
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export interface RetryInput {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  readonly delays: readonly number[];
  readonly retryAfterMs?: number;
  /** Multiplies every delay: 1 in production; tests shrink the schedule to seconds. */
  readonly timeScale: number;
}

/** Milliseconds until the next attempt, or undefined when the schedule is spent. */
export function nextRetryDelay({ attempt, delays, retryAfterMs, timeScale }: RetryInput): number | undefined {
  const scheduled = delays[attempt - 1];
  if (scheduled === undefined) return undefined;
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(scheduled, asked) * timeScale);
}

/** When to send again a request that was refused for now: Retry-After, else exponential back-off. */

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date (`Wed, 15 Jan 2025 09:30:05 GMT`); Date.parse alone would read `-1` as a year.
  const date = /^[A-Za-z]{3}, /.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** First back-off; doubled after each refusal. */
  readonly initialDelayMs: number;
  /** Longest wait between two attempts, Retry-After included. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The wait before attempt `attempt + 1` (`attempt` counts from 1): what the server asked for when it
 * said, else `initialDelay · 2^(attempt-1)` with equal jitter (half of it plus up to half more,
 * `random` in [0, 1)), both at most `maxDelayMs`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  serverAsked: number | undefined,
  random: number,
): number {
  if (serverAsked !== undefined) return Math.min(serverAsked, policy.maxDelayMs);
  const ceiling = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(ceiling * (0.5 + random / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

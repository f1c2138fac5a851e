/**
 * One model call with retries inside the attempt: 429 and 5xx answers (and connection errors) are
 * tried again up to `MAX_CALLS` times in all, after the provider's `retry-after-ms` / `Retry-After`
 * (seconds or an HTTP date) or an exponential back-off, but only when the wait still fits in the
 * attempt's time-out; otherwise the last failure is reported (retryable, so the engine's retry
 * policy takes over).
 */
import type { OperationRequest } from '../operation';
import type { FailedOutcome } from '../outcome';
import {
  exchange,
  isFailure,
  isSuccessStatus,
  requestLabel,
  statusFailure,
  type HttpAnswer,
  type HttpExchange,
} from '../http/http-exchange';

export const MAX_CALLS = 4;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

export async function callModel(
  request: OperationRequest,
  provider: string,
  http: HttpExchange,
  startedAt: number,
): Promise<HttpAnswer | FailedOutcome> {
  const deadline = request.task.timeoutMs === undefined ? Infinity : startedAt + request.task.timeoutMs;
  for (let call = 1; ; call += 1) {
    const answer = await exchange(request.deps.outbound, http, request.signal);
    const failure = isFailure(answer)
      ? answer
      : isSuccessStatus(answer.status)
        ? undefined
        : statusFailure(`${provider}: ${requestLabel(http)}`, answer);
    if (failure === undefined) return answer as HttpAnswer;
    if (!worthRetrying(failure) || call >= MAX_CALLS) return failure;
    const delayMs = isFailure(answer) ? backoff(call) : (retryAfterMs(answer.headers) ?? backoff(call));
    if (Date.now() + delayMs >= deadline) return failure;
    const slept = await sleep(delayMs, request.signal);
    if (!slept) return failure;
  }
}

function worthRetrying(failure: FailedOutcome): boolean {
  const { code, status } = failure.error;
  return code === 'network-error' || status === 429 || (status !== undefined && status >= 500);
}

function backoff(call: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** (call - 1), MAX_BACKOFF_MS);
}

/** `retry-after-ms` (OpenAI, Anthropic), else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(
  headers: Readonly<Record<string, string>>,
  now = Date.now(),
): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves true after `ms`, or false as soon as the attempt is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

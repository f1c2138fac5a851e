import type { Run, RunError, RunStatus } from './api-types';
import { durationMs, type Duration } from './durations';
import { BatonApiError, BatonNetworkError } from './errors';
import { DEFAULT_RETRY, retryDelayMs, sleep, type RetryPolicy } from './retry';
import type { RunsApi } from './runs';
import type { Transport } from './transport';

export interface StartOptions {
  /** Same key, same run: a start sent twice with one key starts one run (and answers its id). */
  readonly idempotencyKey?: string;
  /**
   * Send again while ingress answers 503/429 (nothing was accepted), waiting what its Retry-After
   * says, else backing off exponentially. With an idempotency key a network failure or time-out is
   * retried too (the first request may have been accepted; the key makes that harmless).
   * `true` = 5 attempts, 0.5 s doubling, at most 30 s apart.
   */
  readonly retry?: boolean | { readonly attempts?: number; readonly maxDelay?: Duration };
  readonly signal?: AbortSignal;
}

export interface ExecuteOptions extends StartOptions {
  /** How long to wait for the run to end (default 5m); then the result says it has not ended. */
  readonly timeout?: Duration;
}

/**
 * How a run executed with `execute` ended: `success` exactly when it completed. When it had not
 * ended within the timeout, `status` is still `queued` or `running` and `error.code` is `not_ended`
 * (the run goes on; follow it with `runs.get(runId)`).
 */
export interface ExecuteResult<Output = unknown> {
  readonly success: boolean;
  readonly status: RunStatus;
  readonly runId: string;
  readonly output: Output | null;
  readonly error: RunError | null;
  /** The run as `runs.get` shows it, when it was read. */
  readonly run?: Run<Output>;
}

const ENDED = new Set<RunStatus>(['completed', 'failed', 'timed_out', 'cancelled']);
const DEFAULT_EXECUTE_TIMEOUT_MS = 5 * 60_000;
/** Longest `?wait=` asked of ingress in one request: proxies commonly cut idle requests at 60 s. */
const LONGEST_HELD_REQUEST_MS = 25_000;
/** Allowance for the trip on top of what ingress waits. */
const REQUEST_MARGIN_MS = 10_000;
const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2_000;

interface StartAnswer {
  readonly runId?: string;
  readonly id?: string;
}

/** `POST /api/ensembles/<name>/runs[?wait=]`, with the retries `options.retry` asks for. */
export async function postRun(
  transport: Transport,
  ensemble: string,
  input: unknown,
  options: StartOptions & { waitMs?: number },
): Promise<{ status: number; body: StartAnswer & Partial<Run> }> {
  const policy = retryPolicy(options.retry);
  for (let attempt = 1; ; attempt++) {
    try {
      return await transport.request<StartAnswer & Partial<Run>>({
        method: 'POST',
        path: `/api/ensembles/${encodeURIComponent(ensemble)}/runs`,
        query: { wait: options.waitMs === undefined ? undefined : `${Math.round(options.waitMs)}ms` },
        body: { json: input ?? {} },
        headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : undefined,
        apiKey: true,
        timeoutMs:
          options.waitMs === undefined
            ? undefined
            : Math.max(transport.options.timeoutMs, options.waitMs + REQUEST_MARGIN_MS),
        signal: options.signal,
      });
    } catch (error) {
      if (attempt >= policy.attempts || !mayRetry(error, options.idempotencyKey !== undefined)) throw error;
      const asked = error instanceof BatonApiError ? error.retryAfterMs : undefined;
      await sleep(retryDelayMs(policy, attempt, asked, Math.random()), options.signal);
    }
  }
}

/** Starts a run and waits for its end: one held request first, then polling `GET /api/runs/<id>`. */
export async function executeRun<Output>(
  transport: Transport,
  runs: RunsApi,
  ensemble: string,
  input: unknown,
  options: ExecuteOptions,
): Promise<ExecuteResult<Output>> {
  const timeoutMs =
    options.timeout === undefined ? DEFAULT_EXECUTE_TIMEOUT_MS : durationMs(options.timeout, 'timeout');
  const deadline = Date.now() + timeoutMs;
  const started = await postRun(transport, ensemble, input, {
    ...options,
    waitMs: Math.min(timeoutMs, LONGEST_HELD_REQUEST_MS),
  });
  const runId = started.body.runId ?? started.body.id;
  if (runId === undefined) throw new TypeError('ingress answered a start without a run id');
  if (started.status === 200) return resultOf<Output>(started.body as Run<Output>);

  let pause = FIRST_POLL_MS;
  for (;;) {
    const run = await runs.get<Output>(runId, { signal: options.signal });
    if (ENDED.has(run.status)) return resultOf(run);
    const left = deadline - Date.now();
    if (left <= 0) {
      return {
        success: false,
        status: run.status,
        runId,
        output: null,
        error: { code: 'not_ended', message: `run ${runId} had not ended after ${timeoutMs / 1000}s` },
        run,
      };
    }
    await sleep(Math.min(pause, left), options.signal);
    pause = Math.min(pause * 2, LONGEST_POLL_MS);
  }
}

function resultOf<Output>(run: Run<Output>): ExecuteResult<Output> {
  return {
    success: run.status === 'completed',
    status: run.status,
    runId: run.id,
    output: run.output ?? null,
    error: run.error ?? null,
    run,
  };
}

function retryPolicy(retry: StartOptions['retry']): RetryPolicy {
  if (!retry) return { ...DEFAULT_RETRY, attempts: 1 };
  if (retry === true) return DEFAULT_RETRY;
  return {
    ...DEFAULT_RETRY,
    attempts: retry.attempts ?? DEFAULT_RETRY.attempts,
    maxDelayMs:
      retry.maxDelay === undefined ? DEFAULT_RETRY.maxDelayMs : durationMs(retry.maxDelay, 'retry.maxDelay'),
  };
}

function mayRetry(error: unknown, idempotent: boolean): boolean {
  if (error instanceof BatonApiError) return error.retryable;
  // Without an answer the start may have been accepted: only an idempotency key makes sending it again safe.
  return error instanceof BatonNetworkError && idempotent;
}

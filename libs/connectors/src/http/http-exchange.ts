/**
 * One request through the outbound guard, for every operation that speaks HTTP (http, notify,
 * email, sms and think providers): the answer read in full, or the failure as a value —
 * `outbound-refused` (not retryable), `timeout` and `network-error` (retryable).
 */
import { outboundRefusal, type Outbound } from '@baton/outbound';
import { failed, invalidConfig, messageOf, type FailedOutcome } from '../outcome';

export interface HttpExchange {
  readonly method: string;
  readonly url: URL;
  readonly headers: Iterable<readonly [string, string]> | Readonly<Record<string, string>>;
  readonly body?: string;
  /** A limit of its own, besides the task's. */
  readonly timeoutMs?: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** Enough of a failed response's body to explain the failure, not so much that it floods the log. */
const ERROR_BODY_EXCERPT = 300;
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

export async function exchange(
  outbound: Outbound,
  request: HttpExchange,
  taskSignal: AbortSignal,
): Promise<HttpAnswer | FailedOutcome> {
  const signal =
    request.timeoutMs === undefined
      ? taskSignal
      : AbortSignal.any([taskSignal, AbortSignal.timeout(request.timeoutMs)]);
  const label = requestLabel(request);
  try {
    const response = await outbound.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, statusText: response.statusText, headers, text };
  } catch (error) {
    const refusal = outboundRefusal(error);
    if (refusal) return failed('outbound-refused', `${label}: ${refusal.message}`, { retryable: false });
    if (signal.aborted) {
      const after =
        request.timeoutMs !== undefined && !taskSignal.aborted ? ` after ${request.timeoutMs}ms` : '';
      return failed('timeout', `${label} timed out${after}`, { retryable: true });
    }
    return failed('network-error', `${label} failed: ${networkErrorMessage(error)}`, { retryable: true });
  }
}

export function isFailure(result: HttpAnswer | FailedOutcome): result is FailedOutcome {
  return 'ok' in result;
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** `http-<status>`, retryable on 5xx, 408 and 429, with the start of the body to explain it. */
export function statusFailure(label: string, answer: HttpAnswer): FailedOutcome {
  const { status, statusText, text } = answer;
  const excerpt = text.length > ERROR_BODY_EXCERPT ? `${text.slice(0, ERROR_BODY_EXCERPT)}…` : text;
  const reason = statusText ? ` ${statusText}` : '';
  return failed(`http-${status}`, `${label} answered ${status}${reason}${excerpt ? `: ${excerpt}` : ''}`, {
    status,
    retryable: status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status),
  });
}

export function requestLabel(request: Pick<HttpExchange, 'method' | 'url'>): string {
  return `${request.method} ${request.url.href}`;
}

/** The body as JSON when the response says it is JSON, else its text; null when empty. */
export function responseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null;
  if (contentType !== undefined && /[/+]json\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      // A server that labels non-JSON as JSON: its text is still the most useful output.
      if (error instanceof SyntaxError) return text;
      throw error;
    }
  }
  return text;
}

/** A provider's endpoint: `path` appended to the base URL's own path (`https://x/v1` + `/a` → `https://x/v1/a`). */
export function endpoint(baseUrl: string, path: string): URL {
  try {
    return new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  } catch {
    return invalidConfig(`baseUrl '${baseUrl}' is not a valid URL`);
  }
}

/** A top-level field of a JSON answer, or undefined when the answer is not JSON or lacks it. */
export function jsonField(text: string, field: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)[field]
      : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Whether a failure says the remote is unhealthy (what a circuit breaker counts). */
export function remoteIsUnhealthy(outcome: FailedOutcome): boolean {
  const { code, status } = outcome.error;
  return code === 'network-error' || code === 'timeout' || (status !== undefined && status >= 500);
}

/** undici reports `fetch failed` and hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function networkErrorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? messageOf(error) : messageOf(cause);
}

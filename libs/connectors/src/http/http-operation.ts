/**
 * The `http` operation: sends the request through the remote's circuit breaker and maps the answer.
 * 2xx → the body (JSON parsed when the response says it is JSON, else text; null when empty) and
 * `response: { status, headers }`. Non-2xx → `http-<status>`, retryable on 5xx, 408 and 429.
 * Connection errors and time-outs are retryable too, and they and 5xx count against the breaker.
 */
import { outboundRefusal, type Outbound, type Response } from '@baton/outbound';
import type { OperationRequest } from '../operation';
import { failed, messageOf, succeeded, type FailedOutcome, type TaskOutcome } from '../outcome';
import { buildHttpRequest, type HttpRequest } from './http-request';

/** Enough of a failed response's body to explain the failure, not so much that it floods the log. */
const ERROR_BODY_EXCERPT = 300;
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

export async function runHttp(request: OperationRequest): Promise<TaskOutcome> {
  const http = buildHttpRequest(request);
  const { outbound } = request.deps;
  return request.deps.breakers.run(
    http.breakerKey,
    () => send(outbound, http, request.signal),
    remoteIsUnhealthy,
  );
}

function remoteIsUnhealthy(outcome: FailedOutcome): boolean {
  const { code, status } = outcome.error;
  return code === 'network-error' || code === 'timeout' || (status !== undefined && status >= 500);
}

async function send(outbound: Outbound, http: HttpRequest, taskSignal: AbortSignal): Promise<TaskOutcome> {
  const signal =
    http.timeoutMs === undefined
      ? taskSignal
      : AbortSignal.any([taskSignal, AbortSignal.timeout(http.timeoutMs)]);
  const label = `${http.method} ${http.url.href}`;
  let response: Response;
  let text: string;
  try {
    response = await outbound.fetch(http.url, {
      method: http.method,
      headers: http.headers,
      body: http.body,
      signal,
    });
    text = await response.text();
  } catch (error) {
    const refusal = outboundRefusal(error);
    if (refusal) return failed('outbound-refused', `${label}: ${refusal.message}`, { retryable: false });
    if (signal.aborted) {
      const after = http.timeoutMs !== undefined && !taskSignal.aborted ? ` after ${http.timeoutMs}ms` : '';
      return failed('timeout', `${label} timed out${after}`, { retryable: true });
    }
    return failed('network-error', `${label} failed: ${networkErrorMessage(error)}`, { retryable: true });
  }

  const status = response.status;
  if (status < 200 || status > 299) {
    const excerpt = text.length > ERROR_BODY_EXCERPT ? `${text.slice(0, ERROR_BODY_EXCERPT)}…` : text;
    const reason = response.statusText ? ` ${response.statusText}` : '';
    return failed(`http-${status}`, `${label} answered ${status}${reason}${excerpt ? `: ${excerpt}` : ''}`, {
      status,
      retryable: status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status),
    });
  }
  return succeeded(responseBody(text, response.headers.get('content-type')), {
    status,
    headers: headerRecord(response.headers),
  });
}

function responseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType !== null && /[/+]json\b/i.test(contentType)) {
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

function headerRecord(headers: Response['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/** undici reports `fetch failed` and hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function networkErrorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? messageOf(error) : messageOf(cause);
}

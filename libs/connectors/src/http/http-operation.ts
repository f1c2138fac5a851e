/**
 * The `http` operation: sends the request through the remote's circuit breaker and the outbound
 * guard, and maps the answer. 2xx → the body (JSON parsed when the response says it is JSON, else
 * text; null when empty) and `response: { status, headers }`. Non-2xx → `http-<status>`, retryable on
 * 5xx, 408 and 429. Connection errors and time-outs are retryable too, and they and 5xx count against
 * the breaker; a refused address (`outbound-refused`) does neither.
 */
import type { OperationRequest } from '../operation';
import { succeeded, type TaskOutcome } from '../outcome';
import {
  exchange,
  isFailure,
  isSuccessStatus,
  remoteIsUnhealthy,
  requestLabel,
  responseBody,
  statusFailure,
} from './http-exchange';
import { buildHttpRequest } from './http-request';

export async function runHttp(request: OperationRequest): Promise<TaskOutcome> {
  const http = buildHttpRequest(request);
  return request.deps.breakers.run(
    http.breakerKey,
    async () => {
      const answer = await exchange(request.deps.outbound, http, request.signal);
      if (isFailure(answer)) return answer;
      if (!isSuccessStatus(answer.status)) return statusFailure(requestLabel(http), answer);
      return succeeded(responseBody(answer.text, answer.headers['content-type']), {
        status: answer.status,
        headers: answer.headers,
      });
    },
    remoteIsUnhealthy,
    http.breakerOptions,
  );
}

/**
 * Load on a webhook endpoint with autocannon: many keep-alive connections sending one signed
 * delivery back to back for a fixed time. Every request carries a fresh `x-delivery-id`, so a
 * receiver that dedupes does its full work for each one instead of answering duplicates.
 *
 * A `503` with `Retry-After` is a receiver shedding load on purpose (ingress does so when too many
 * runs wait to start): counted as `shed`, not as an error. A 503 without Retry-After is an error.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DELIVERY_ID_HEADER, ORDER_DELIVERY, type SignedDelivery } from './signed-webhook';

export interface WebhookLoad {
  readonly connections: number;
  readonly durationSeconds: number;
  /** What to send; ingress.bench's order by default. */
  readonly delivery?: SignedDelivery;
  /** Keep the `runId` of every 2xx answer (`{ runId }` bodies), to check each run later. */
  readonly collectRunIds?: boolean;
}

export interface WebhookLoadResult {
  readonly seconds: number;
  readonly requestsPerSec: number;
  readonly accepted: number;
  /** Non-2xx answers other than `shed` ones. */
  readonly non2xx: number;
  /** 503 answers with a Retry-After header: load shed as documented. */
  readonly shed: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** With `collectRunIds`: the run of every 2xx answer. */
  readonly runIds: readonly string[];
}

/** Whether an answer is documented load shedding: 503 with a Retry-After header. */
export function isShed(status: number, headers: Record<string, string | string[] | undefined>): boolean {
  if (status !== 503) return false;
  return Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'retry-after' && !!value);
}

/** The `runId` of a 2xx answer's body; '' when it has none (the caller fails on it). */
export function runIdOf(body: string): string {
  try {
    const runId = (JSON.parse(body) as { runId?: unknown } | null)?.runId;
    return typeof runId === 'string' ? runId : '';
  } catch {
    return '';
  }
}

export async function loadWebhooks(baseUrl: string, load: WebhookLoad): Promise<WebhookLoadResult> {
  const delivery = load.delivery ?? ORDER_DELIVERY;
  // A prefix of its own per load, so two loads never collide on a delivery id.
  const prefix = `${randomUUID()}-`;
  let sent = 0;
  let shed = 0;
  const runIds: string[] = [];
  const result = await autocannon({
    url: baseUrl,
    connections: load.connections,
    duration: load.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: delivery.path,
        headers: { ...delivery.headers },
        body: delivery.body,
        setupRequest: (request) => {
          request.headers = { ...request.headers, [DELIVERY_ID_HEADER]: `${prefix}${++sent}` };
          return request;
        },
        onResponse: (status, body, _context, headers) => {
          if (isShed(status, headers)) shed++;
          else if (load.collectRunIds && status >= 200 && status < 300) {
            runIds.push(runIdOf(body));
          }
        },
      },
    ],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
  );
  return {
    seconds: result.duration,
    requestsPerSec: result['2xx'] / result.duration,
    accepted: result['2xx'],
    non2xx: result.non2xx - shed,
    shed,
    errors: result.errors,
    statusCodes,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    runIds,
  };
}

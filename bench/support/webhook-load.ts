/**
 * Load on a webhook endpoint with autocannon: many keep-alive connections sending the signed
 * delivery back to back for a fixed time. Every request carries a fresh `x-delivery-id`, so a
 * receiver that dedupes does its full work for each one instead of answering duplicates.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DELIVERY_ID_HEADER, WEBHOOK_BODY, WEBHOOK_HEADERS, WEBHOOK_PATH } from './signed-webhook';

export interface WebhookLoad {
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface WebhookLoadResult {
  readonly seconds: number;
  readonly requestsPerSec: number;
  readonly accepted: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

export async function loadWebhooks(baseUrl: string, load: WebhookLoad): Promise<WebhookLoadResult> {
  // A prefix of its own per load, so two loads never collide on a delivery id.
  const prefix = `${randomUUID()}-`;
  let sent = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: load.connections,
    duration: load.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: { ...WEBHOOK_HEADERS },
        body: WEBHOOK_BODY,
        setupRequest: (request) => {
          request.headers = { ...request.headers, [DELIVERY_ID_HEADER]: `${prefix}${++sent}` };
          return request;
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
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

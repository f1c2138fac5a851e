import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetStreamPublisher, type PublishFlush } from './jetstream-publisher';
import { MessagingError } from './messaging-error';

export interface ConnectNatsOptions {
  /** e.g. `nats://127.0.0.1:4222` (NATS_URL); a cluster's servers separated by commas. */
  readonly url: string;
  /** Shown by the server in connection lists: the service and replica. */
  readonly name: string;
  /** How long the first connection may take. Default 5 s. */
  readonly timeoutMs?: number;
  /** When this connection's JetStream publishes reach the socket (jetstream-publisher.ts); default `microtask`. */
  readonly publishFlush?: PublishFlush;
}

/**
 * Opens a connection that, once established, reconnects forever (2 s ± 1 s jittered waits) so a
 * NATS restart never stops a service; un-acked work is redelivered by JetStream meanwhile. Failing
 * to reach NATS at start is the one error: it names the URL, so a misconfigured NATS_URL is obvious.
 */
export async function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  // A cluster: every server is a seed (the client also learns the others from the one it reaches).
  const seeds = options.url
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .map(splitCredentials);
  const server = seeds.map((seed) => seed.server).join(',');
  const credentials = seeds.find((seed) => seed.credentials.user !== undefined)?.credentials ?? {};
  try {
    // transport-node's own types do not resolve under this repo's module resolution, hence the annotation.
    const nc: NatsConnection = await connect({
      servers: seeds.map((seed) => seed.server),
      ...credentials,
      name: options.name,
      timeout: options.timeoutMs ?? 5000,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 2000,
      reconnectJitter: 1000,
      pingInterval: 20_000,
      maxPingOut: 3,
      // No stack trace captured per request: a measurable cost on the webhook path, for diagnostics
      // the messaging errors already give.
      noAsyncTraces: true,
    });
    jetStreamPublisher(nc, { flush: options.publishFlush ?? 'microtask' });
    return nc;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MessagingError('nats-unreachable', `NATS is not reachable at ${server}: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * `nats://user:pass@host:4222` → the server without credentials (safe to print) and the user and
 * password as connect options: nats.js does not read credentials from the URL.
 */
export function splitCredentials(url: string): {
  server: string;
  credentials: { user?: string; pass?: string };
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { server: url, credentials: {} }; // host:port without a scheme: nats.js parses it, and it holds no credentials
  }
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    server: parsed.toString().replace(/\/$/, ''),
    credentials: user ? { user, ...(pass ? { pass } : {}) } : {},
  };
}

/**
 * A webhook receiver on a free 127.0.0.1 port, as a customer's endpoint: it keeps every request
 * (raw body, lower-case headers, arrival time) and answers each path from a plan — a list of
 * answers used in order (`{ status: 503 }` three times, then the default 200) — so specs can make
 * the first N attempts fail. It verifies nothing itself: tests check signatures with their own code.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as sent (signatures are over these bytes). */
  readonly raw: string;
  /** Milliseconds since the epoch, when the request ended. */
  readonly at: number;
  /** The status it was answered with. */
  readonly answered: number;
}

export interface PlannedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Wait this long before answering (a receiver slower than the notifier's time-out). */
  readonly delayMs?: number;
}

export interface WebhookReceiver {
  readonly baseUrl: string;
  readonly received: ReceivedWebhook[];
  /** Requests to `path` (without its query), in arrival order. */
  receivedAt(path: string): ReceivedWebhook[];
  /** The next requests to `path` get these answers, in order; afterwards 200. */
  plan(path: string, answers: readonly PlannedAnswer[]): void;
  /** Called with each request once it is recorded (e.g. to kill a service between attempts). */
  onRequest(listener: (request: ReceivedWebhook) => void): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const plans = new Map<string, PlannedAnswer[]>();
  const listeners: Array<(request: ReceivedWebhook) => void> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      const answer = plans.get(path)?.shift() ?? { status: 200 };
      const entry: ReceivedWebhook = {
        path,
        headers: request.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        answered: answer.status,
      };
      received.push(entry);
      for (const listener of listeners) listener(entry);
      const reply = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? '');
      };
      if (answer.delayMs === undefined) reply();
      else setTimeout(reply, answer.delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    receivedAt: (path) => received.filter((entry) => entry.path === path),
    plan: (path, answers) => plans.set(path, [...answers]),
    onRequest: (listener) => listeners.push(listener),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

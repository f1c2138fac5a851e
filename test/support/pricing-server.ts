/** A stand-in for a third-party pricing API: a real HTTP server on loopback that records every call. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly body: { items: Array<{ sku: string; qty: number }> };
  readonly headers: IncomingHttpHeaders;
}

export interface PricingServer {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Answer calls for this customer only after `ms`. */
  delayFor(customer: string, ms: number): void;
  close(): Promise<void>;
}

export async function startPricingServer(): Promise<PricingServer> {
  const calls: RecordedCall[] = [];
  const delays = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ body, headers: request.headers });
      const customer = String(request.headers['x-customer'] ?? '');
      const total = (body.items ?? []).reduce((sum: number, item: { qty: number }) => sum + item.qty * 10, 0);
      setTimeout(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ total }));
        },
        delays.get(customer) ?? 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delayFor: (customer, ms) => void delays.set(customer, ms),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

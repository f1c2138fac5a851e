import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Span } from '@opentelemetry/api';
import { startTelemetry, type Telemetry } from './start-telemetry';
import { currentTraceId, injectTraceparent, traceparentOf } from './trace-propagation';
import { traceIdOf } from './traceparent';
import { withSpan } from './with-span';

interface ReceivedRequest {
  method: string;
  url: string;
  contentType: string;
  bytes: number;
}

/** A stand-in OTLP/HTTP collector on a free port that records what it is sent. */
async function startCollector(): Promise<{ server: Server; endpoint: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        bytes: Buffer.concat(chunks).length,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** The traceparent of a span that must be recording (tracing is on in this file). */
function traceparentOfRecording(span: Span): string {
  const traceparent = traceparentOf(span);
  if (traceparent === undefined) throw new Error('the span has no valid context: tracing did not start');
  return traceparent;
}

describe('startTelemetry', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let telemetry: Telemetry;

  beforeAll(async () => {
    collector = await startCollector();
    telemetry = startTelemetry({ service: 'telemetry-spec', endpoint: `${collector.endpoint}/` });
  });

  afterAll(async () => {
    await telemetry.shutdown();
    await new Promise<void>((resolve) => collector.server.close(() => resolve()));
  });

  it('is a no-op without an endpoint', async () => {
    const off = startTelemetry({ service: 'quiet' });
    expect(off.enabled).toBe(false);
    await expect(off.shutdown()).resolves.toBeUndefined();
  });

  it('nests spans into one trace and makes the active span visible to logs and headers', async () => {
    const { outer, inner, logged, headers } = await withSpan('ingress request', {}, async (outerSpan) => {
      return withSpan('publish', {}, (innerSpan) => ({
        outer: traceparentOfRecording(outerSpan),
        inner: traceparentOfRecording(innerSpan),
        logged: currentTraceId(),
        headers: injectTraceparent({}),
      }));
    });
    expect(traceIdOf(inner)).toBe(traceIdOf(outer));
    expect(inner).not.toBe(outer);
    expect(logged).toBe(traceIdOf(outer));
    expect(headers).toEqual({ traceparent: inner });
  });

  it("continues the run's trace from the traceparent a message carries", async () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = await withSpan('orchestrator decide', {}, traceparentOfRecording, parent);
    expect(traceIdOf(child)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child).not.toBe(parent);
  });

  it('exports the spans of withSpan to <endpoint>/v1/traces over OTLP/HTTP', async () => {
    await withSpan('unit of work', { 'baton.run_id': 'run_1' }, () => 'done');
    await telemetry.shutdown(); // flushes the batch
    const posts = collector.received.filter(
      (request) => request.method === 'POST' && request.url === '/v1/traces',
    );
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0].bytes).toBeGreaterThan(0);
  });
});

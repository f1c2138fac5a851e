import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { createLogger } from '../logging/create-logger';
import { CapturedLines } from '../testing/captured-lines';
import {
  describeHandledMessage,
  inTraceOf,
  startPublishSpan,
  withConsumerSpan,
  withNewTrace,
} from './messaging-spans';
import { startTelemetry, type Telemetry } from './start-telemetry';
import { traceparentOf } from './trace-propagation';
import { parseTraceparent, traceIdOf } from './traceparent';
import { withSpan } from './with-span';

// Tracing is on in this file, exporting to memory.
const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
const publisher = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const message = {
  consumer: 'worker-http',
  stream: 'BATON_TASKS',
  subject: 'baton.task.http',
  traceparent: publisher,
  messageId: 'task-1',
  deliveryCount: 1,
};

async function finished() {
  await telemetry.flush();
  return exporter.getFinishedSpans();
}

beforeAll(() => {
  telemetry = startTelemetry({ service: 'messaging-spans-spec', endpoint: 'http://127.0.0.1:9', exporter });
});
afterEach(() => exporter.reset());
afterAll(() => telemetry.shutdown());

describe('withConsumerSpan', () => {
  it("opens a CONSUMER span under the publisher's span, with the messaging conventions' attributes", async () => {
    await withConsumerSpan(message, async () => undefined);
    const [span] = await finished();
    expect(span.name).toBe('process worker-http');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe(traceIdOf(publisher));
    expect(span.parentSpanContext?.spanId).toBe(parseTraceparent(publisher)?.spanId);
    expect(span.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'baton.task.http',
      'messaging.consumer.group.name': 'worker-http',
      'messaging.message.id': 'task-1',
    });
  });

  it('names the run from the payload, on the span and on every log line the handler writes', async () => {
    const output = new CapturedLines();
    const logger = createLogger({ service: 'worker', destination: output });
    await withConsumerSpan(message, async () => {
      describeHandledMessage({
        runId: 'run-1',
        ensemble: 'orders',
        agent: 'charge',
        attempt: 2,
        operation: 'http',
        input: { card: '4242' },
      });
      logger.info('charging');
    });
    const [span] = await finished();
    expect(span.attributes).toMatchObject({
      'baton.run_id': 'run-1',
      'baton.ensemble': 'orders',
      'baton.agent': 'charge',
      'baton.attempt': 2,
      'baton.operation': 'http',
    });
    expect(JSON.stringify(span.attributes)).not.toContain('4242');
    expect(output.records[0]).toMatchObject({ runId: 'run-1', traceId: traceIdOf(publisher) });
  });

  it('reads the run of a decision on the event log from its first event', async () => {
    await withConsumerSpan({ ...message, consumer: 'projector' }, async () => {
      describeHandledMessage({
        commandId: 'c-1',
        events: [{ type: 'RunRequested', runId: 'run-2', data: { ensemble: 'orders' } }],
      });
    });
    const [span] = await finished();
    expect(span.attributes).toMatchObject({
      'baton.run_id': 'run-2',
      'baton.ensemble': 'orders',
      'baton.message_type': 'RunRequested',
    });
  });

  it('starts a trace of its own for a message that carries none', async () => {
    const { traceparent: _none, ...untraced } = message;
    await withConsumerSpan(untraced, async () => undefined);
    const [span] = await finished();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(traceIdOf(publisher));
  });

  it('marks the span failed when the handler throws, and rethrows', async () => {
    await expect(
      withConsumerSpan(message, async () => {
        throw new Error('remote down');
      }),
    ).rejects.toThrow('remote down');
    const [span] = await finished();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'remote down' });
  });
});

describe('startPublishSpan', () => {
  it("sends the traceparent of a PRODUCER span under the handler's span", async () => {
    let sent: string | undefined;
    await withConsumerSpan(message, async () => {
      const trace = startPublishSpan('baton.inbox.run-1', 'ignored: a span is active');
      sent = trace.traceparent;
      trace.end();
    });
    const spans = await finished();
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(producer?.name).toBe('send baton.inbox');
    expect(producer?.attributes['messaging.destination.name']).toBe('baton.inbox.run-1');
    expect(producer?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    expect(sent && parseTraceparent(sent)?.spanId).toBe(producer?.spanContext().spanId);
  });

  it("continues the message's own trace when no span is active (a timer fired by the scheduler's loop)", async () => {
    const trace = startPublishSpan('baton.inbox.run-1', publisher);
    trace.end();
    const [producer] = await finished();
    expect(traceIdOf(trace.traceparent ?? '')).toBe(traceIdOf(publisher));
    expect(producer.parentSpanContext?.spanId).toBe(parseTraceparent(publisher)?.spanId);
  });

  it('sends no traceparent and records nothing with neither', async () => {
    const trace = startPublishSpan('baton.inbox.run-1');
    trace.end();
    expect(trace.traceparent).toBeUndefined();
    expect(await finished()).toEqual([]);
  });

  it('marks a publish that failed', async () => {
    startPublishSpan('baton.inbox.run-1', publisher).end(new Error('no stream'));
    const [producer] = await finished();
    expect(producer.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('withNewTrace', () => {
  it('roots a new trace linked to the span that caused it', async () => {
    const { cause, started } = await withSpan('attempt', {}, async (attempt) => ({
      cause: attempt.spanContext(),
      started: await withNewTrace('start obs-follow-up', { 'baton.trigger': 'queue' }, () => traceparentOf()),
    }));
    const root = (await finished()).find((span) => span.name === 'start obs-follow-up');
    expect(traceIdOf(started ?? '')).not.toBe(cause.traceId);
    expect(root?.parentSpanContext).toBeUndefined();
    expect(root?.links.map((link) => link.context.traceId)).toEqual([cause.traceId]);
  });
});

describe('inTraceOf', () => {
  const other = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it("publishes in the trace a message names when the active span is another trace's", async () => {
    await withSpan('decision', {}, async () => {
      inTraceOf(other, () => startPublishSpan('baton.inbox.start.0.run-2').end());
    });
    const sent = (await finished()).find((span) => span.name.startsWith('send '));
    expect(sent?.spanContext().traceId).toBe(traceIdOf(other));
    expect(sent?.parentSpanContext?.spanId).toBe(parseTraceparent(other)?.spanId);
  });

  it('leaves a message of the active trace under the active span, and one without a trace as it is', async () => {
    await withSpan('decision', {}, async (span) => {
      const active = span.spanContext();
      const sameTrace = `00-${active.traceId}-${'1'.repeat(16)}-01`;
      expect(inTraceOf(sameTrace, () => traceparentOf())).toBe(traceparentOf(span));
      expect(inTraceOf(undefined, () => traceparentOf())).toBe(traceparentOf(span));
      expect(inTraceOf('not a traceparent', () => traceparentOf())).toBe(traceparentOf(span));
    });
  });
});

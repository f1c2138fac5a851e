import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { addToLogContext, withLogContext } from '../logging/log-context';
import { currentTraceId, extractTraceContext, traceparentOf } from './trace-propagation';
import { parseTraceparent } from './traceparent';

const TRACER_NAME = 'baton-messaging';

/** One message a consumer is about to hand to its handler. */
export interface ConsumedMessage {
  /** The durable consumer (its handlers' group), e.g. `orchestrator`, `worker-http`. */
  readonly consumer: string;
  readonly stream: string;
  readonly subject: string;
  /** The `traceparent` header the publisher set, if any. */
  readonly traceparent?: string;
  /** `Nats-Msg-Id`, when the publisher set one. */
  readonly messageId?: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
}

/** An outgoing publish's trace: the traceparent to send in its headers, and the end of its span. */
export interface PublishTrace {
  readonly traceparent: string | undefined;
  end(error?: unknown): void;
}

/**
 * Runs a consumer's handler inside a CONSUMER span (OpenTelemetry messaging conventions) whose parent
 * is the publisher's span named by the message's `traceparent`, so a run's trace continues through
 * every service; log lines written meanwhile carry its trace id (and the run id, once
 * `describeHandledMessage` has seen the payload). With tracing off the span is a no-op that still
 * carries the parent's trace id to the logs.
 */
export function withConsumerSpan<T>(message: ConsumedMessage, fn: (span: Span) => Promise<T>): Promise<T> {
  const { span, parent } = consumerSpan(message);
  const spanContext = span.spanContext();
  const traceId = trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
  return context.with(trace.setSpan(parent, span), () =>
    withLogContext(traceId === undefined ? {} : { traceId }, async () => {
      try {
        return await fn(span);
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    }),
  );
}

/**
 * The CONSUMER span of one message of a batch, handled together with others of other traces (the
 * projector): it continues the message's trace like `withConsumerSpan`, but is not made the active
 * span; the caller ends it once the message is settled.
 */
export function startConsumerSpan(message: ConsumedMessage): Span {
  return consumerSpan(message).span;
}

function consumerSpan(message: ConsumedMessage): { readonly span: Span; readonly parent: Context } {
  const parent =
    message.traceparent === undefined
      ? ROOT_CONTEXT
      : extractTraceContext({ traceparent: message.traceparent });
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `process ${message.consumer}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation': 'process',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.subject,
        'messaging.consumer.group.name': message.consumer,
        'messaging.nats.stream': message.stream,
        'messaging.message.delivery_count': message.deliveryCount,
        ...(message.messageId === undefined ? {} : { 'messaging.message.id': message.messageId }),
      },
    },
    parent,
  );
  return { span, parent };
}

/**
 * Names the run a handled message belongs to, from its decoded payload, on the consumer's span
 * (`baton.run_id`, `baton.ensemble`, `baton.agent`, `baton.attempt`, `baton.operation`,
 * `baton.message_type`) and on the log lines that follow. Only ids and names are read: never
 * inputs, outputs or configuration.
 */
export function describeHandledMessage(payload: unknown): void {
  const attributes = batonAttributesOf(payload);
  trace.getActiveSpan()?.setAttributes(attributes);
  const runId = attributes['baton.run_id'];
  if (typeof runId === 'string') addToLogContext({ runId });
}

/** Records what the handler in progress threw on its span (the consumer loop sets the span's status). */
export function recordSpanException(error: unknown): void {
  trace.getActiveSpan()?.recordException(error instanceof Error ? error : String(error));
}

/** Marks a span failed (a handler that threw, a message NAKed or terminated). */
export function markSpanFailed(span: Span | undefined, error: unknown): void {
  if (span === undefined) return;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Starts the PRODUCER span of one JetStream publish and gives the traceparent to send: the active
 * span's trace (the handler or HTTP request publishing), else the trace the message itself names
 * (`fallback`: a timer fired by the scheduler's loop carries the trace that scheduled it), else none.
 */
export function startPublishSpan(subject: string, fallback?: string): PublishTrace {
  const parent = parentForPublish(fallback);
  if (parent === undefined) return { traceparent: undefined, end: () => undefined };
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `send ${subject.split('.').slice(0, 2).join('.')}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation': 'publish',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': subject,
      },
    },
    parent,
  );
  return {
    // With tracing off the span is the parent's context itself: its traceparent is forwarded as it came.
    traceparent: traceparentOf(span),
    end: (error?: unknown) => {
      if (error !== undefined) markSpanFailed(span, error);
      span.end();
    },
  };
}

/**
 * Runs `fn` in the root span of a new trace that links to the active span: a run started by
 * something other than a request (a queue send from a step, a cron instant) has a trace of its own,
 * and the link leads to its cause. `traceparentOf()` inside `fn` is the new run's traceparent.
 */
export function withNewTrace<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const cause = trace.getSpanContext(context.active());
  const links = cause && trace.isSpanContextValid(cause) ? [{ context: cause }] : [];
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(name, { root: true, links, attributes }, async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
}

/**
 * Runs `fn` in the trace `traceparent` names when it is another trace than the active one: the
 * orchestrator publishes the runs a step sent while it handles that step's result, and each of them
 * belongs to the trace of its own (made by the worker with `withNewTrace`, linked to the attempt),
 * not to the sending run's. In the active trace (or with no valid traceparent) `fn` runs as it is.
 */
export function inTraceOf<T>(traceparent: string | undefined, fn: () => T): T {
  const named = traceparent === undefined ? undefined : parseTraceparent(traceparent);
  if (named === undefined || named.traceId === currentTraceId()) return fn();
  return context.with(trace.setSpanContext(ROOT_CONTEXT, named), fn);
}

function parentForPublish(fallback: string | undefined): Context | undefined {
  const active = context.active();
  const spanContext = trace.getSpanContext(active);
  if (spanContext && trace.isSpanContextValid(spanContext)) return active;
  if (fallback === undefined) return undefined;
  const remote = extractTraceContext({ traceparent: fallback });
  return trace.getSpanContext(remote) === undefined ? undefined : remote;
}

function batonAttributesOf(payload: unknown): Attributes {
  if (!isRecord(payload)) return {};
  const attributes: Attributes = {};
  const set = (key: string, value: unknown, kind: 'string' | 'number') => {
    if (typeof value === kind && value !== '') attributes[key] = value as string | number;
  };
  // A decision on the event log: `{ commandId, events }`; its first event names the run.
  const firstEvent =
    Array.isArray(payload.events) && isRecord(payload.events[0]) ? payload.events[0] : undefined;
  const source = firstEvent ?? payload;
  set('baton.run_id', source.runId, 'string');
  set(
    'baton.ensemble',
    payload.ensemble ?? (isRecord(source.data) ? source.data.ensemble : undefined),
    'string',
  );
  set('baton.agent', payload.agent ?? (isRecord(source.data) ? source.data.agent : undefined), 'string');
  set(
    'baton.attempt',
    payload.attempt ?? (isRecord(source.data) ? source.data.attempt : undefined),
    'number',
  );
  set('baton.operation', payload.operation, 'string');
  set('baton.message_type', source.type, 'string');
  return attributes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { context, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from './traceparent';

/** Headers as carried on NATS messages and HTTP requests (names lower-case). */
export type TraceHeaders = Record<string, string | string[] | undefined>;

export const TRACEPARENT_HEADER = 'traceparent';

/**
 * Writes the `traceparent` of `from` (a span or a context; default: the active context) into
 * `headers`, and returns them. Nothing is written when there is no valid span (tracing off, no parent).
 */
export function injectTraceparent<H extends TraceHeaders>(headers: H, from?: Span | Context): H {
  const traceparent = traceparentOf(from);
  if (traceparent !== undefined) (headers as TraceHeaders)[TRACEPARENT_HEADER] = traceparent;
  return headers;
}

/** A context whose parent is the remote span named by the headers' traceparent (ROOT when none). */
export function extractTraceContext(headers: TraceHeaders): Context {
  const value = headers[TRACEPARENT_HEADER];
  const spanContext = parseTraceparent(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/** The traceparent of a span or context (default: the active one): what events and tasks record. */
export function traceparentOf(from?: Span | Context): string | undefined {
  const spanContext = isSpan(from) ? from.spanContext() : trace.getSpanContext(from ?? context.active());
  return spanContext && trace.isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}

/** The trace id of the active span, for log lines. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

function isSpan(value: Span | Context | undefined): value is Span {
  return typeof (value as Span | undefined)?.spanContext === 'function';
}

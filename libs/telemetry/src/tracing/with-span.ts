import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { extractTraceContext } from './trace-propagation';

const TRACER_NAME = 'baton';

/**
 * Runs `fn` inside a new active span, ended when `fn` settles; a thrown error is recorded on the span
 * and rethrown. The parent is the span named by `parentTraceparent` (a message's header: how a
 * service continues the run's trace), else the active span; with neither, the span starts a trace
 * (the ingress request). Attributes must hold no secret.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
  parentTraceparent?: string,
): Promise<T> {
  const parent =
    parentTraceparent === undefined
      ? context.active()
      : extractTraceContext({ traceparent: parentTraceparent });
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

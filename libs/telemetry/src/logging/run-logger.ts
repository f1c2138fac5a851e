import type { Logger } from 'pino';
import { currentTraceId } from '../tracing/trace-propagation';
import { traceIdOf } from '../tracing/traceparent';

export interface RunLogContext {
  readonly runId: string;
  /** The run's W3C traceparent (from its message or event); default: the active span's trace. */
  readonly traceparent?: string;
}

/** A child logger whose every line carries `runId` and, when known, `traceId`. */
export function runLogger(logger: Logger, context: RunLogContext): Logger {
  const traceId = (context.traceparent && traceIdOf(context.traceparent)) || currentTraceId();
  return logger.child(traceId ? { runId: context.runId, traceId } : { runId: context.runId });
}

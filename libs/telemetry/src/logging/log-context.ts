import { AsyncLocalStorage } from 'node:async_hooks';
import { currentTraceId } from '../tracing/trace-propagation';

/** What every log line written while a message of a run is handled carries. */
export interface LogContext {
  runId?: string;
  traceId?: string;
}

/**
 * The context of the message being handled, for the logger's mixin. An AsyncLocalStorage of its own
 * rather than OpenTelemetry's context: that one propagates only while tracing runs, and log lines
 * must carry the run id with tracing off too. Process-wide like OpenTelemetry's context, and like it
 * a carrier only: it holds no state beyond the call it wraps.
 */
const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` on every line logged until it settles (nested calls see their own). */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...context }, fn);
}

/**
 * Adds to the context of the call in progress (the run id is known once the payload is decoded).
 * Outside `withLogContext` there is nothing to add to, and nothing happens.
 */
export function addToLogContext(fields: LogContext): void {
  const context = storage.getStore();
  if (context === undefined) return;
  if (fields.runId !== undefined) context.runId = fields.runId;
  if (fields.traceId !== undefined) context.traceId = fields.traceId;
}

/** The fields a log line gets here: the message's run and trace, else the active span's trace. */
export function logContextFields(): LogContext {
  const context = storage.getStore();
  const traceId = context?.traceId ?? currentTraceId();
  return {
    ...(context?.runId === undefined ? {} : { runId: context.runId }),
    ...(traceId === undefined ? {} : { traceId }),
  };
}

import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { healthRouteOf } from '../health/health-routes';
import { ServiceAttributeProcessor } from './service-attribute';
import { RedactingSpanExporter, SpanRedactor } from './span-redaction';

export interface TelemetryOptions {
  /** `service.name` of every span of the process. */
  readonly service: string;
  /**
   * The services this process hosts under `service` (`baton start --single-process`): their own
   * calls (each service's `instrument.ts`, the runtime) get this handle instead of a refusal.
   */
  readonly hosts?: readonly string[];
  /** OTEL_EXPORTER_OTLP_ENDPOINT, the OTLP/HTTP base URL (e.g. http://127.0.0.1:4318); default: `env`'s; unset: tracing off. */
  readonly endpoint?: string;
  /**
   * The process environment: where the endpoint is read when `endpoint` is not given, and whose
   * values are masked in every exported span (see span-redaction.ts). Default: none.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where spans go instead of OTLP/HTTP (specs). */
  readonly exporter?: SpanExporter;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Exports the spans ended so far now rather than at the next batch. */
  flush(): Promise<void>;
  /** Flushes pending spans and stops exporting; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry's providers are process-wide, so tracing starts once per process: the first call
 * with an endpoint starts it, later calls get the same handle (main.ts starts it before the modules
 * it instruments are loaded; the runtime asks again with the validated configuration).
 */
let running:
  { readonly service: string; readonly hosts: readonly string[]; readonly telemetry: Telemetry } | undefined;

/**
 * Starts tracing: the OpenTelemetry Node SDK (async-context propagation, W3C propagator, batch export
 * to `<endpoint>/v1/traces`) with the HTTP server and client, undici (fetch and @baton/outbound) and
 * pg instrumentations, every span redacted on its way out. Without an endpoint nothing is registered
 * and the tracing helpers are no-ops that still forward a traceparent they are given.
 * Metrics stay with prom-client (/metrics) and logs with pino (stdout), so the SDK exports traces only.
 * Every span carries `baton.service`: the service that made it (service-attribute.ts), which is
 * `service.name` too unless the process hosts several.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const endpoint = options.endpoint ?? options.env?.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || !isHttpUrl(endpoint)) {
    // A malformed endpoint is reported by the service's configuration check, which refuses to start.
    return { enabled: false, flush: async () => undefined, shutdown: async () => undefined };
  }
  if (running !== undefined) {
    if (running.service !== options.service && !running.hosts.includes(options.service)) {
      throw new Error(`tracing already runs in this process as ${running.service}, not ${options.service}`);
    }
    return running.telemetry;
  }
  const exporter =
    options.exporter ?? new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const batches = new BatchSpanProcessor({
    exporter: new RedactingSpanExporter(exporter, SpanRedactor.fromEnvironment(options.env ?? {})),
    // A run's spans show up within a second or so, not the default five.
    scheduledDelayMillis: 1000,
  });
  const sdk = new NodeSDK({
    serviceName: options.service,
    spanProcessors: [new ServiceAttributeProcessor(options.service), batches],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would bury the runs' traces.
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          healthRouteOf(request.url ?? '/') !== undefined,
        // Outbound calls belong to a run's span; one made outside any (a library's background ping) is noise.
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const telemetry: Telemetry = {
    enabled: true,
    flush: () => batches.forceFlush(),
    shutdown: async () => {
      if (running?.telemetry === telemetry) running = undefined;
      await sdk.shutdown();
    },
  };
  running = { service: options.service, hosts: options.hosts ?? [], telemetry };
  return telemetry;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false; // not a URL: tracing stays off
  }
}

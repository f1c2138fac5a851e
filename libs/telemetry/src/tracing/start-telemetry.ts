import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  readonly service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT, the OTLP/HTTP base URL (e.g. http://127.0.0.1:4318); unset: tracing off. */
  readonly endpoint?: string;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Flushes pending spans and stops exporting; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing once per process: the OpenTelemetry Node SDK (async-context propagation, W3C
 * propagator, batch export to `<endpoint>/v1/traces`). Without an endpoint nothing is registered and
 * the tracing helpers are no-ops that still forward a traceparent they are given.
 * Metrics stay with prom-client (/metrics) and logs with pino (stdout), so the SDK exports traces only.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (options.endpoint === undefined || options.endpoint.length === 0) {
    return { enabled: false, shutdown: async () => undefined };
  }
  const sdk = new NodeSDK({
    serviceName: options.service,
    traceExporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}

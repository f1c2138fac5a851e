export { createLogger, type Logger, type LoggerOptions } from './logging/create-logger';
export { runLogger, type RunLogContext } from './logging/run-logger';
export { addToLogContext, logContextFields, withLogContext, type LogContext } from './logging/log-context';
export { NestLogger } from './logging/nest-logger';
export { isSecretField, REDACTED, redactSecrets, type SecretRedactor } from './logging/secret-redaction';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './tracing/start-telemetry';
export { withSpan } from './tracing/with-span';
export { currentService, runAsService } from './tracing/service-scope';
export { SERVICE_ATTRIBUTE, ServiceAttributeProcessor } from './tracing/service-attribute';
export {
  describeHandledMessage,
  inTraceOf,
  markSpanFailed,
  recordSpanException,
  startPublishSpan,
  withConsumerSpan,
  startConsumerSpan,
  withNewTrace,
  type ConsumedMessage,
  type PublishTrace,
} from './tracing/messaging-spans';
export { RedactingSpanExporter, SpanRedactor } from './tracing/span-redaction';
export {
  currentTraceId,
  extractTraceContext,
  injectTraceparent,
  TRACEPARENT_HEADER,
  traceparentOf,
  type TraceHeaders,
} from './tracing/trace-propagation';
export { formatTraceparent, parseTraceparent, traceIdOf } from './tracing/traceparent';
export { Metrics, type MetricsOptions } from './metrics/metrics';
export { MergedExposition, mergeExpositions, type MetricsExposition } from './metrics/merged-exposition';
export {
  agentAttemptMetrics,
  breakerMetrics,
  consumerLagMetrics,
  cronMetrics,
  httpRequestMetrics,
  messageHandlingMetrics,
  notificationMetrics,
  runMetrics,
  timerBacklogMetrics,
  type AttemptOutcome,
  type BreakerStateName,
  type CronFireOutcome,
  type HandlingOutcome,
  type NotificationOutcome,
  type RunEndStatus,
} from './metrics/baton-metrics';
export { observeHttpRoutes, type RouteHooks } from './metrics/http-routes';
export {
  ReadinessChecks,
  type ReadinessCheck,
  type ReadinessCheckResult,
  type ReadinessReport,
} from './health/readiness-checks';
export {
  healthResponse,
  healthRouteOf,
  HEALTH_ROUTES,
  type HealthResponse,
  type HealthRoute,
} from './health/health-routes';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health/health-server';
export { HealthModule, type HealthModuleOptions } from './health/health.module';

export { ConfigError, type ConfigIssue } from './config-error';
export { loadConfig, loadConfigs, type ConfigClass, type Env } from './load-config';
export { ConfigModule } from './config.module';
export { DefaultsTo, Sensitive } from './config-metadata';
export {
  IsIntegerBetween,
  IsListenAddress,
  IsListOf,
  IsNonEmptyString,
  IsOneOf,
  IsUrlWithScheme,
} from './config-validators';
export { DashboardConfig } from './concerns/dashboard-config';
export { DatabaseConfig } from './concerns/database-config';
export { EnsemblesConfig } from './concerns/ensembles-config';
export {
  HEALTH_PORT_DEFAULTS,
  HealthConfig,
  healthConfigFor,
  type ServiceWithHealthPort,
} from './concerns/health-config';
export { IngressConfig } from './concerns/ingress-config';
export { isLoopbackAddress, listensBeyondLoopback } from './concerns/loopback';
export { MailConfig } from './concerns/mail-config';
export { NatsConfig } from './concerns/nats-config';
export { OutboundConfig } from './concerns/outbound-config';
export { PayloadConfig } from './concerns/payload-config';
export { PublicUrlConfig } from './concerns/public-url-config';
export { LOG_LEVELS, TelemetryConfig, type LogLevel } from './concerns/telemetry-config';
export { WorkerConfig } from './concerns/worker-config';
export { NotifierConfig } from './concerns/notifier-config';
export { ApprovalLinksConfig, MIN_APPROVAL_KEY_LENGTH } from './concerns/approval-links-config';

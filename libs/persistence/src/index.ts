export { BATON_SCHEMA } from './baton-schema';
export { PersistenceError, type PersistenceErrorCode } from './persistence-error';
export { databaseAddressOf, type DatabaseAddress } from './database-address';
export { ensureDatabase } from './ensure-database';
export { createOrm, closeOrm, ormOptions, readModelEntities, type ReadModelOrm } from './orm';
export { migrate } from './migrate';
export { openReadModels } from './read-models';
export { Run, type RunRecord, type RunError } from './entities/run.entity';
export { RunAgent, type RunAgentRecord } from './entities/run-agent.entity';
export { RunStep, type RunStepRecord } from './entities/run-step.entity';
export { WebhookLog, type WebhookLogRecord } from './entities/webhook-log.entity';
export {
  NotificationDelivery,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_DELIVERY_STATUSES,
  type NotificationChannel,
  type NotificationDeliveryRecord,
  type NotificationDeliveryStatus,
} from './entities/notification-delivery.entity';
export {
  RUN_STATUSES,
  AGENT_STATUSES,
  STEP_STATUSES,
  isRunStatus,
  type RunStatus,
  type AgentStatus,
  type StepStatus,
} from './run-statuses';
export {
  RunProjector,
  type ProjectionOutcome,
  type ProjectionResult,
  type RunLogMessage,
} from './run-projector';
export { ReadModelRebuild, type RebuildStart } from './projection/read-model-rebuild';
export {
  RunQueries,
  DEFAULT_RUN_PAGE_SIZE,
  MAX_RUN_PAGE_SIZE,
  type RunListQuery,
  type RunListResult,
  type RunQueryError,
} from './run-queries';
export type { RunView, RunListItem } from './run-view';
export {
  WebhookLogs,
  webhookLogLine,
  parseWebhookLogLine,
  type WebhookLogEntry,
  type WebhookLogLine,
} from './webhook-logs';
export {
  WebhookLogQueries,
  WEBHOOK_DELIVERY_OUTCOMES,
  DEFAULT_WEBHOOK_DELIVERY_PAGE_SIZE,
  MAX_WEBHOOK_DELIVERY_PAGE_SIZE,
  type WebhookDelivery,
  type WebhookDeliveryOutcome,
  type WebhookDeliveryPage,
  type WebhookDeliveryQuery,
  type WebhookDeliveryQueryError,
} from './webhook-log-queries';
export { LOGGED_WEBHOOK_HEADERS, loggableHeaders, type IncomingHeaders } from './webhook-headers';
export {
  NotificationDeliveryLog,
  type DeliveryAttempt,
  type DeliveryAttemptView,
} from './notification-delivery-log';

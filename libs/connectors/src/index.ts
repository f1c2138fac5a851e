export { executeTask, SUPPORTED_OPERATIONS } from './execute-task';
export type { ConnectorDeps, ConnectorServices, StartRunRequest } from './connector-deps';
export { RunInputRejectedError, UnknownEnsembleError } from './connector-deps';
export { checkRunInput } from './validate/run-input-check';
export type { TaskOutcome, FailedOutcome, SucceededOutcome, FailureCode, HttpResponseInfo } from './outcome';
export { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from './circuit-breakers';
export type { BreakerListener, BreakerOptions, BreakerState } from './circuit-breakers';
export { PostgresPools, DEFAULT_POSTGRES_POOL_OPTIONS } from './data/postgres-pools';
export type { PostgresPoolOptions } from './data/postgres-pools';
export { SmtpTransports, DEFAULT_SMTP_TRANSPORT_OPTIONS } from './email/smtp-transports';
export type { SmtpTransportOptions } from './email/smtp-transports';
export type { KeyValueStore, BlobStore, StoredBlob } from './stores';
export { CodeSandboxes, DEFAULT_CODE_SANDBOX_OPTIONS } from './code/sandbox/code-sandboxes';
export type { CodeSandboxOptions } from './code/sandbox/code-sandboxes';
export { sendEmailMessage } from './email/email-operation';
export type { EmailMessage } from './email/email-message';
export type { EmailSending } from './email/email-providers';
export { OperationFailure } from './outcome';
export { retryAfterMs } from './think/model-call';
export type { ApprovalLinks, ApprovalLinkRequest } from './connector-deps';
export { escapeHtml } from './http/request-template';
export { BoundedCache } from './bounded-cache';
export { DatabaseTriggers, DATABASE_TRIGGERS_LEASE } from './database-triggers/database-triggers';
export type {
  DatabaseTriggerDefinitions,
  DatabaseTriggersLease,
  DatabaseTriggersLogger,
  DatabaseTriggersOptions,
} from './database-triggers/database-triggers';

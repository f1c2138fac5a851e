export * from './events';
export * from './commands';
export * from './decision';
export * from './ports';
export * from './run-state';
export { evolve, foldEvents } from './evolve';
export { decide } from './decide/decide';
export type { DecideContext } from './decide/decision-draft';
export { EMPTY_ENVIRONMENT, snapshotEnvironment, type EnvironmentSnapshot } from './environment';
export { LATEST_REVISION } from '@baton/intake';
export { agentView } from './agent-view';
export { nextAttemptDelay, shouldRetry } from './retry-policy';
export { attemptId, idempotencyKey, childRunId, runTimerId, agentTimerId } from '@baton/intake';
export { runSummary, type RunSummary, type AgentSummary } from './run-summary';
export * from './concurrency';
export { ORCHESTRATOR_OPERATIONS, type OrchestratorOperation } from './decide/operation-kinds';
export {
  decodeRunEvents,
  decodeRunLog,
  decodeRunMessage,
  encodeDecision,
  type DecodedRunLog,
  type DecodeOptions,
  type RecordedDecision,
} from './log/run-log-codec';
export { RunLogDecodeError, type RunLogDecodeErrorCode } from './log/run-log-error';

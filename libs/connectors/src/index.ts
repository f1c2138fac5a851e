export { executeTask, SUPPORTED_OPERATIONS } from './execute-task';
export type { ConnectorDeps, ConnectorServices, StartRunRequest } from './connector-deps';
export { UnknownEnsembleError } from './connector-deps';
export type { TaskOutcome, FailedOutcome, SucceededOutcome, FailureCode, HttpResponseInfo } from './outcome';
export { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from './circuit-breakers';
export type { BreakerOptions, BreakerState } from './circuit-breakers';
export { PostgresPools, DEFAULT_POSTGRES_POOL_OPTIONS } from './data/postgres-pools';
export type { PostgresPoolOptions } from './data/postgres-pools';

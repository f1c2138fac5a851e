/**
 * What every operation handler receives: the task, its definition, and the agent's `input` and
 * `config` already evaluated in the task's scope. Handlers return a value; they may also stop with
 * an `OperationFailure` from a helper, which `executeTask` turns back into the outcome it carries.
 */
import type { AgentDefinition, EnsembleDefinition, Value } from '@baton/model';
import type { Task } from '@baton/engine';
import type { ApprovalLinks, ConnectorDeps } from './connector-deps';
import type { TaskOutcome } from './outcome';

export interface OperationRequest {
  readonly task: Task;
  readonly definition: EnsembleDefinition;
  readonly agent: AgentDefinition;
  /** The agent's evaluated `input`; the run's input when the agent has none. */
  readonly input: unknown;
  /** The agent's evaluated `config`. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * Evaluates another part of the definition (a connection, a template) in the same scope, so
   * the secrets it reads are redacted from the outcome too.
   */
  readonly evaluate: (value: Value) => unknown;
  /** The worker's environment; every value read through it is recorded as a secret. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly deps: ConnectorDeps;
  /** The notice of a wait agent: its approval links (also `approvalUrl`/`rejectionUrl` in expressions). */
  readonly approvalLinks?: ApprovalLinks;
  /** Aborted when the task's time-out expires. */
  readonly signal: AbortSignal;
}

export type OperationHandler = (request: OperationRequest) => Promise<TaskOutcome>;

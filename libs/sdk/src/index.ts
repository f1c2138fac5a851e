/**
 * @baton/sdk: the types Baton publishes for the code users write beside their ensembles.
 *
 * Scripts import them type-only (`import type { AgentExecutionContext } from '@baton/sdk'`), so the
 * import is erased when a `code` agent runs the script and nothing here may exist only at runtime.
 */

/**
 * How the run was started: `type` says which trigger; the other keys depend on it (path, cron,
 * queue…). It mirrors the engine's `TriggerInfo` (a spec keeps the two equal) without importing it,
 * so the published types stand alone.
 */
export interface ExecutionTrigger {
  readonly type: 'webhook' | 'cron' | 'manual' | 'event' | 'queue' | 'database' | 'api' | 'child' | 'rerun';
  readonly [key: string]: unknown;
}

/**
 * What a `code` agent's script receives: `export default async (context: AgentExecutionContext) => …`.
 * The value it returns (or resolves to) becomes the agent's `output`.
 *
 * `Input` and `State` default to `any` so that untyped seed scripts (`context.input.items`) keep
 * compiling; pass your own types to get checking.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface AgentExecutionContext<Input = any, State = any> {
  /** The agent's evaluated `input:` block. */
  readonly input: Input;
  /** The run's shared state as declared by `state.schema`, read-only: set keys with the agent's `state.set`. */
  readonly state: State;
  /** Environment of the worker that runs the agent; values are secrets and are never logged. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execution: {
    /** The run id. */
    readonly id: string;
    /** ISO 8601 instant the run started. */
    readonly startedAt: string;
    readonly trigger: ExecutionTrigger;
  };
  readonly ensemble: {
    readonly name: string;
    /** The ensemble's optional `version:` label. */
    readonly version?: string;
  };
}

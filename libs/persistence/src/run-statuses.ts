import type { RunStatus as EngineRunStatus } from '@baton/engine';

/** A run's status as the API shows and filters it (interfaces.md); the engine's `pending` never reaches a row. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'timed_out', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number] & EngineRunStatus;

/**
 * A run_steps row's status: the engine's iteration status, or the status of an agent that finished
 * without running an iteration (skipped, an empty loop, a condition that could not be evaluated).
 * step-rows.ts stops compiling if the engine gains an iteration status missing here.
 */
export const STEP_STATUSES = ['running', 'retrying', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

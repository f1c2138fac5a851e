import type {
  AgentStatus as EngineAgentStatus,
  IterationStatus,
  RunStatus as EngineRunStatus,
} from '@baton/engine';

/** A run's status as the API shows and filters it (interfaces.md); the engine's `pending` never reaches a row. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'timed_out', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number] & EngineRunStatus;

/** A run_agents row's status: the engine's agent status (the checks below fail to compile if they part). */
export const AGENT_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** A run_steps row's status: the engine's iteration status. */
export const STEP_STATUSES = ['running', 'retrying', 'waiting', 'succeeded', 'failed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agentStatusesMatchTheEngine: Same<AgentStatus, EngineAgentStatus> = true;
const stepStatusesMatchTheEngine: Same<StepStatus, IterationStatus> = true;
void agentStatusesMatchTheEngine;
void stepStatusesMatchTheEngine;

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

import type { AgentSummary, RunSummary } from '@baton/engine';
import type { RunAgentRecord } from './entities/run-agent.entity';
import type { RunError, RunRecord } from './entities/run.entity';
import type { RunStatus } from './run-statuses';

/**
 * A run as `GET /api/runs/<id>` returns it (interfaces.md), in the shape of the engine's
 * `runSummary`: the equivalence specs hold the two to the same answer for any log.
 */
export type RunView = Omit<RunSummary, 'id' | 'ensemble' | 'revision'> & {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
};

/** A run in `GET /api/runs`: the run's identity and outcome, without input, output or agents (a page stays small). */
export interface RunListItem {
  readonly id: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly status: RunStatus;
  readonly trigger: string;
  readonly parentRunId: string | null;
  readonly error: RunError | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly traceId: string | null;
}

export type RunListRow = Pick<
  RunRecord,
  | 'id'
  | 'ensemble'
  | 'revision'
  | 'status'
  | 'trigger'
  | 'parentRunId'
  | 'error'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
  | 'traceId'
>;

/** The run row and its agents' rows, in plan order, as the API shows them. */
export function runView(run: RunRecord, agents: readonly RunAgentRecord[]): RunView {
  const summaries: Record<string, AgentSummary> = {};
  for (const agent of agents) {
    summaries[agent.agent] = {
      status: agent.status,
      output: agent.output ?? null,
      error: agent.error ?? null,
      attempts: agent.attempts,
      startedAt: isoOf(agent.startedAt),
      finishedAt: isoOf(agent.finishedAt),
      queuedMs: agent.queuedMs ?? null,
      runningMs: agent.runningMs ?? null,
    };
  }
  return {
    id: run.id,
    ensemble: run.ensemble,
    revision: run.revision,
    status: run.status,
    input: run.input ?? null,
    output: run.output ?? null,
    error: run.error ?? null,
    agents: summaries,
    startedAt: isoOf(run.startedAt),
    finishedAt: isoOf(run.finishedAt),
    traceId: run.traceId ?? null,
  };
}

export function runListItem(run: RunListRow): RunListItem {
  return {
    id: run.id,
    ensemble: run.ensemble,
    revision: run.revision,
    status: run.status,
    trigger: run.trigger.type,
    parentRunId: run.parentRunId ?? null,
    error: run.error ?? null,
    createdAt: run.createdAt.toISOString(),
    startedAt: isoOf(run.startedAt),
    finishedAt: isoOf(run.finishedAt),
    traceId: run.traceId ?? null,
  };
}

function isoOf(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

import type { AgentErrorInfo, TriggerInfo } from '@baton/engine';
import type { RunError } from '../entities/run.entity';
import type { AgentStatus, RunStatus, StepStatus } from '../run-statuses';

/**
 * The rows the projection keeps, as it reads and writes them: one object per row, property names of
 * the entities, times as ISO strings. The SQL layer (projection-sql.ts) maps them to columns.
 */
export interface RunRow {
  id: string;
  ensemble: string;
  revision: number;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: RunError | null;
  trigger: TriggerInfo;
  parentRunId: string | null;
  traceId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lastSeq: number;
  lastStreamSeq: number | null;
  lastEventAt: string | null;
}

export interface AgentRow {
  runId: string;
  agent: string;
  position: number;
  status: AgentStatus;
  itemCount: number | null;
  succeededCount: number;
  attempts: number;
  output: unknown;
  error: AgentErrorInfo | null;
  startedAt: string | null;
  finishedAt: string | null;
  queuedMs: number | null;
  runningMs: number | null;
}

export interface StepRow {
  runId: string;
  agent: string;
  iteration: number;
  status: StepStatus;
  attempts: number;
  item: unknown;
  output: unknown;
  error: AgentErrorInfo | null;
  scheduledAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `<agent>#<iteration>`: a step's key within its run. */
export function stepKey(agent: string, iteration: number): string {
  return `${agent}#${iteration}`;
}

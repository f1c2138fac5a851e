import { runSummary, type RunSummary } from '@baton/engine';
import type { RunError, RunRecord } from './entities/run.entity';
import type { RunStatus } from './run-statuses';

/** A run as `GET /api/runs/<id>` returns it (interfaces.md): the engine's summary of the run's state. */
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

export function runView(run: Pick<RunRecord, 'id' | 'ensemble' | 'revision' | 'snapshot'>): RunView {
  return { ...runSummary(run.snapshot), id: run.id, ensemble: run.ensemble, revision: run.revision };
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

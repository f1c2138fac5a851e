import { runSummary, type RunState } from '@baton/engine';
import type { RunRecord } from './entities/run.entity';
import type { RunStatus } from './run-statuses';

/** The columns of a run row, all derived from the engine's state of the run. */
export type RunColumns = Pick<
  RunRecord,
  | 'id'
  | 'ensemble'
  | 'revision'
  | 'status'
  | 'input'
  | 'output'
  | 'error'
  | 'trigger'
  | 'parentRunId'
  | 'traceId'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
  | 'lastSeq'
  | 'snapshot'
>;

/**
 * The run row for a state that has folded at least RunRequested (the projector applies nothing
 * before it). Status, output, error, times and trace id are the engine's own summary, so the
 * read model never tells a run's story differently from the engine.
 */
export function runColumnsOf(state: RunState): RunColumns {
  const { runId, ensemble, revision, trigger, requestedAt } = state;
  if (
    runId === undefined ||
    ensemble === undefined ||
    revision === undefined ||
    trigger === undefined ||
    requestedAt === undefined
  ) {
    throw new Error('A run row needs a state that has folded its RunRequested');
  }
  const summary = runSummary(state);
  return {
    id: runId,
    ensemble,
    revision,
    status: apiStatusOf(state.status),
    input: summary.input,
    output: summary.output,
    error: summary.error,
    trigger,
    parentRunId: state.parent?.runId ?? null,
    traceId: summary.traceId,
    createdAt: new Date(requestedAt),
    startedAt: dateOf(summary.startedAt),
    finishedAt: dateOf(summary.finishedAt),
    lastSeq: state.seq,
    snapshot: state,
  };
}

/** `pending` is the engine's state before RunRequested; a requested run is at least queued. */
function apiStatusOf(status: RunState['status']): RunStatus {
  return status === 'pending' ? 'queued' : status;
}

function dateOf(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

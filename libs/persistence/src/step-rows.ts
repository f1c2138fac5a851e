import type { AgentState, IterationState, RunState } from '@baton/engine';
import type { RunStepRecord } from './entities/run-step.entity';

export type StepRow = Pick<
  RunStepRecord,
  | 'runId'
  | 'agent'
  | 'iteration'
  | 'status'
  | 'attempts'
  | 'item'
  | 'output'
  | 'error'
  | 'startedAt'
  | 'finishedAt'
>;

/**
 * The run_steps rows that differ between two states of a run, `after` being evolved from
 * `before`. The engine copies only the path an event changes, so an agent or iteration object
 * that is the same object in both states has not changed and is not written again.
 */
export function changedStepRows(runId: string, before: RunState, after: RunState): StepRow[] {
  const rows: StepRow[] = [];
  for (const [agent, state] of Object.entries(after.agents)) {
    const previous = before.agents[agent];
    if (state === previous) continue;
    state.iterations.forEach((iteration, index) => {
      if (iteration !== previous?.iterations[index]) rows.push(iterationRow(runId, agent, index, iteration));
    });
    const agentRow = agentLevelRow(runId, agent, state);
    if (agentRow !== undefined) rows.push(agentRow);
  }
  return rows;
}

function iterationRow(runId: string, agent: string, index: number, iteration: IterationState): StepRow {
  return {
    runId,
    agent,
    iteration: index,
    status: iteration.status,
    attempts: iteration.attempt,
    item: iteration.item ?? null,
    output: iteration.output ?? null,
    error: iteration.error ?? null,
    startedAt: new Date(iteration.startedAt),
    finishedAt: iteration.finishedAt === undefined ? null : new Date(iteration.finishedAt),
  };
}

/** An agent that finished without running any iteration still gets a row, so run_steps shows it. */
function agentLevelRow(runId: string, agent: string, state: AgentState): StepRow | undefined {
  if (state.iterations.length > 0) return undefined;
  if (state.status !== 'skipped' && state.status !== 'succeeded' && state.status !== 'failed')
    return undefined;
  return {
    runId,
    agent,
    iteration: 0,
    status: state.status,
    attempts: state.attempts,
    item: null,
    output: state.output ?? null,
    error: state.error ?? null,
    startedAt: state.startedAt === undefined ? null : new Date(state.startedAt),
    finishedAt: state.finishedAt === undefined ? null : new Date(state.finishedAt),
  };
}

/**
 * How a run ends: completed when every agent has finished (its `output` evaluated), or failed,
 * timed out or cancelled, in which case open attempts are abandoned and agents that never started
 * are skipped (`run-ended`) before the terminal event. A child run tells its parent.
 */
import { childRunEnded } from '@baton/intake';
import type { ChildRunEnded } from '../commands';
import type { EventPayloads } from '../events';
import type { RunStatus } from '../run-state';
import { abandonIterations } from './abandon';
import { type DecisionDraft, agentState, emit, redacted, traceOf } from './decision-draft';
import { evaluate } from './evaluation';
import { cancelRunTimeout } from './timers';

export type RunEnding =
  | { readonly type: 'RunFailed'; readonly data: EventPayloads['RunFailed'] }
  | { readonly type: 'RunTimedOut'; readonly data: EventPayloads['RunTimedOut'] }
  | { readonly type: 'RunCancelled'; readonly data: EventPayloads['RunCancelled'] };

export function completeRun(draft: DecisionDraft): void {
  const result = evaluate(draft, draft.definition.output);
  if (!result.ok) {
    endRun(draft, {
      type: 'RunFailed',
      data: { error: { code: 'output', message: `output: ${result.message}` } },
    });
    return;
  }
  cancelRunTimeout(draft);
  emit(draft, 'RunCompleted', { output: redacted(draft, result.value ?? null) });
  notifyParent(draft);
}

export function endRun(draft: DecisionDraft, ending: RunEnding): void {
  const reason = `the run ${endingWord(ending)} before this finished`;
  const started = draft.state.status === 'running';
  for (const agent of draft.definition.agents) {
    abandonIterations(draft, agent, reason);
    if (agentState(draft, agent.name).status === 'pending') {
      emit(draft, 'AgentSkipped', { agent: agent.name, reason: 'run-ended' });
    }
  }
  if (started && ending.type !== 'RunTimedOut') cancelRunTimeout(draft);
  switch (ending.type) {
    case 'RunFailed':
      emit(draft, 'RunFailed', ending.data);
      break;
    case 'RunTimedOut':
      emit(draft, 'RunTimedOut', ending.data);
      break;
    case 'RunCancelled':
      emit(draft, 'RunCancelled', ending.data);
      break;
  }
  notifyParent(draft);
}

function endingWord(ending: RunEnding): string {
  if (ending.type === 'RunFailed') return 'failed';
  return ending.type === 'RunTimedOut' ? 'timed out' : 'was cancelled';
}

const CHILD_STATUSES: Partial<Record<RunStatus, ChildRunEnded['status']>> = {
  completed: 'completed',
  failed: 'failed',
  timed_out: 'timed_out',
  cancelled: 'cancelled',
};

function notifyParent(draft: DecisionDraft): void {
  const { parent, status, output, error } = draft.state;
  const childStatus = CHILD_STATUSES[status];
  if (parent === undefined || childStatus === undefined) return;
  draft.commands.push(
    childRunEnded({
      parent,
      childRunId: draft.runId,
      at: draft.command.at,
      ...traceOf(draft),
      status: childStatus,
      output,
      ...(error === undefined ? {} : { error: { message: error.message, code: error.code } }),
    }),
  );
}

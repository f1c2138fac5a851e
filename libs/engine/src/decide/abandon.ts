/**
 * Abandoning open iterations: when their loop has failed or their run has ended, nothing waits for
 * them any more. Each gets a final AgentFailed (code `abandoned`), so a late result finds no open
 * attempt and is ignored; their timers are cancelled and a child run is told to cancel.
 */
import type { AgentDefinition } from '@baton/model';
import { cancelRun, childRunId } from '@baton/intake';
import { type IterationState, isOpenIteration } from '../run-state';
import { type DecisionDraft, agentState, emit, traceOf } from './decision-draft';
import { isTaskOperation } from './operation-kinds';
import { cancelAgentTimer } from './timers';

export function abandonIterations(draft: DecisionDraft, agent: AgentDefinition, reason: string): void {
  const { iterations } = agentState(draft, agent.name);
  iterations.forEach((iteration, index) => {
    if (!isOpenIteration(iteration)) return;
    releaseIteration(draft, agent, index, iteration, reason);
    emit(draft, 'AgentFailed', {
      agent: agent.name,
      level: 'attempt',
      iteration: index,
      attempt: iteration.attempt,
      taskId: iteration.taskId,
      error: { code: 'abandoned', message: reason },
      final: true,
    });
  });
}

function releaseIteration(
  draft: DecisionDraft,
  agent: AgentDefinition,
  index: number,
  iteration: IterationState,
  reason: string,
): void {
  const { name, operation } = agent;
  if (iteration.status === 'retrying') {
    if (iteration.nextAttempt !== undefined)
      cancelAgentTimer(draft, 'retry', name, index, iteration.nextAttempt);
    return;
  }
  if (iteration.status === 'waiting') {
    const wait = iteration.waitKey === undefined ? undefined : draft.state.waits[iteration.waitKey];
    if (wait?.timeoutAt !== undefined)
      cancelAgentTimer(draft, 'wait-timeout', name, index, iteration.attempt);
    return;
  }
  if (isTaskOperation(operation)) {
    if (agent.timeoutMs !== undefined)
      cancelAgentTimer(draft, 'attempt-timeout', name, index, iteration.attempt);
  } else if (operation === 'sleep') {
    cancelAgentTimer(draft, 'sleep', name, index, iteration.attempt);
  } else if (operation === 'run') {
    draft.commands.push(
      cancelRun({
        runId: childRunId(draft.runId, name, index, iteration.attempt),
        at: draft.command.at,
        ...traceOf(draft),
        reason: `its parent run ${draft.runId} no longer waits for it: ${reason}`,
        cause: 'parent',
      }),
    );
  }
}

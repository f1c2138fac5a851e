/**
 * A durable timer came due. Each kind acts only while the reason it was set for still holds (the
 * same attempt is still open, still retrying, still waiting, the run still running); otherwise the
 * timer is stale and nothing happens.
 */
import type { TimerFired } from '../commands';
import { loopScope, startAttempt } from './attempts';
import { type DecisionDraft, agentDefinition, agentState } from './decision-draft';
import { failAttempt, succeedAttempt } from './outcomes';
import { endRun } from './run-end';
import { currentAgentTimerId } from './timers';
import { timeOutWait } from './waits';

export function applyTimer(draft: DecisionDraft, timer: TimerFired): void {
  if (timer.kind === 'run-timeout') {
    if (draft.state.status === 'running') {
      endRun(draft, { type: 'RunTimedOut', data: { timeoutMs: draft.definition.timeoutMs } });
    }
    return;
  }
  const agent = timer.agent === undefined ? undefined : agentDefinition(draft, timer.agent);
  if (agent === undefined || timer.iteration === undefined || timer.attempt === undefined) return;
  const state = agentState(draft, agent.name);
  if (state.status !== 'running' && state.status !== 'waiting') return;
  const iteration = state.iterations[timer.iteration];
  if (iteration === undefined) return;
  // A timer of a sending a breaker deferred since (its id names fewer deferrals) is stale.
  if (timer.timerId !== currentAgentTimerId(draft, timer.kind, agent.name, timer.iteration, timer.attempt)) {
    return;
  }
  const ref = { iteration: timer.iteration, attempt: timer.attempt, taskId: iteration.taskId };
  const current = iteration.attempt === timer.attempt;
  switch (timer.kind) {
    case 'attempt-timeout':
      if (current && iteration.status === 'running') {
        const message = `attempt ${timer.attempt} of '${agent.name}' did not finish within ${agent.timeoutMs} ms`;
        failAttempt(draft, agent, ref, { code: 'timeout', message }, true);
      }
      return;
    case 'retry':
      if (iteration.status === 'retrying' && iteration.nextAttempt === timer.attempt) {
        startAttempt(draft, agent, timer.iteration, timer.attempt);
      }
      return;
    case 'sleep':
      if (current && iteration.status === 'running' && agent.operation === 'sleep') {
        succeedAttempt(draft, agent, ref, { sleptMs: draft.now - Date.parse(iteration.attemptStartedAt) });
      }
      return;
    case 'wait-timeout':
      timeOutWait(draft, agent, timer.iteration, timer.attempt, loopScope(draft, agent, timer.iteration));
      return;
  }
}

/**
 * A worker's report on one attempt. It counts only when it names the open attempt of an open
 * iteration (same attempt number and task id): a duplicate, a stale attempt, a result that arrives
 * after its time-out or after the run stopped waiting for it changes nothing.
 */
import type { TaskResult } from '../commands';
import type { IterationState } from '../run-state';
import { type DecisionDraft, agentDefinition, agentState, emit } from './decision-draft';
import { isTaskOperation } from './operation-kinds';
import { deferAttempt, failAttempt, succeedAttempt } from './outcomes';
import { startSentRuns } from './sends';
import { cancelAgentTimer } from './timers';

export function applyTaskResult(draft: DecisionDraft, result: TaskResult): void {
  const agent = agentDefinition(draft, result.agent);
  if (agent === undefined || !isTaskOperation(agent.operation)) return;
  const iteration = agentState(draft, agent.name).iterations[result.iteration];
  if (
    iteration?.status !== 'running' ||
    iteration.attempt !== result.attempt ||
    iteration.taskId !== result.taskId
  ) {
    return;
  }
  if (agent.timeoutMs !== undefined) {
    cancelAgentTimer(draft, 'attempt-timeout', agent.name, result.iteration, result.attempt);
  }
  const ref = { iteration: result.iteration, attempt: result.attempt, taskId: result.taskId };
  const startedAt = workerStart(draft, iteration, result.startedAt);
  if (startedAt !== undefined) emit(draft, 'AgentStarted', { agent: agent.name, ...ref, startedAt });
  const { outcome } = result;
  if (outcome.ok) {
    succeedAttempt(draft, agent, ref, outcome.output, outcome.response, outcome.usage);
    startSentRuns(draft, agent, result.iteration, outcome.sends);
  } else if (outcome.deferredUntil !== undefined) {
    deferAttempt(draft, agent, ref, outcome.error, outcome.deferredUntil);
  } else {
    failAttempt(draft, agent, ref, outcome.error, outcome.retryable);
  }
}

/**
 * The worker's start of the attempt, kept between the attempt's scheduling and this result so that
 * queueing and running time are never negative whatever the clocks' skew; none when the worker did
 * not say (an older worker) or said something that is not a time.
 */
function workerStart(
  draft: DecisionDraft,
  iteration: IterationState,
  reported: string | undefined,
): string | undefined {
  const started = reported === undefined ? NaN : Date.parse(reported);
  if (Number.isNaN(started)) return undefined;
  const scheduled = Date.parse(iteration.attemptStartedAt);
  return new Date(Math.min(Math.max(started, scheduled), draft.now)).toISOString();
}

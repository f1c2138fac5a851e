/**
 * What happens when an attempt or an agent finishes: success (then `state.set`), failure with a
 * retry when the policy allows it, final failure (then `onError`). A loop fails as soon as one of
 * its items finally fails: no further item starts and the ones in flight are abandoned.
 */
import type { AgentDefinition } from '@baton/model';
import type { AgentErrorInfo, AttemptRef } from '../events';
import type { HttpResponseInfo, TokenUsage } from '../run-state';
import { nextAttemptDelay, shouldRetry } from '../retry-policy';
import { abandonIterations } from './abandon';
import { type DecisionDraft, agentState, emit, isoAfter, redacted } from './decision-draft';
import { endRun } from './run-end';
import { stateChangesOnFailure, stateChangesOnSuccess } from './state-set';
import { scheduleAgentTimer } from './timers';

export type { AttemptRef };

export function succeedAttempt(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  output: unknown,
  response?: HttpResponseInfo,
  usage?: TokenUsage,
): void {
  const before = agentState(draft, agent.name).status;
  emit(draft, 'AgentSucceeded', {
    agent: agent.name,
    level: 'attempt',
    ...ref,
    output,
    ...(response === undefined ? {} : { response }),
    ...(usage === undefined ? {} : { usage }),
  });
  if (before !== 'succeeded' && agentState(draft, agent.name).status === 'succeeded')
    afterAgentSucceeded(draft, agent);
}

/** An agent that succeeds without any attempt: a loop over no items. */
export function succeedWithoutAttempt(draft: DecisionDraft, agent: AgentDefinition, output: unknown): void {
  emit(draft, 'AgentSucceeded', { agent: agent.name, level: 'agent', output });
  afterAgentSucceeded(draft, agent);
}

export function failAttempt(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  failure: AgentErrorInfo,
  retryable: boolean | undefined,
): void {
  const error = redacted(draft, failure);
  if (!shouldRetry(agent.retry, ref.attempt, error, retryable)) {
    const before = agentState(draft, agent.name).status;
    emit(draft, 'AgentFailed', { agent: agent.name, level: 'attempt', ...ref, error, final: true });
    if (before !== 'failed' && agentState(draft, agent.name).status === 'failed')
      afterAgentFailed(draft, agent);
    return;
  }
  emit(draft, 'AgentFailed', { agent: agent.name, level: 'attempt', ...ref, error, final: false });
  const delayMs = nextAttemptDelay(agent.retry, ref.attempt);
  const attempt = ref.attempt + 1;
  emit(draft, 'AgentRetryScheduled', {
    agent: agent.name,
    iteration: ref.iteration,
    attempt,
    delayMs,
    dueAt: isoAfter(draft, delayMs),
  });
  scheduleAgentTimer(draft, 'retry', agent.name, ref.iteration, attempt, delayMs);
}

/**
 * Bounds of a deferral's wait: never a busy loop when the worker names a time already past, never
 * longer than a breaker could reasonably stay open when a clock is wrong.
 */
export const MIN_DEFERRAL_MS = 100;
export const MAX_DEFERRAL_MS = 10 * 60 * 1000;

/**
 * An attempt an open circuit breaker refused: it never reached the remote, so it does not count.
 * The same attempt is sent again (new task id) when the worker said the breaker probes next.
 */
export function deferAttempt(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  failure: AgentErrorInfo,
  deferredUntil: string,
): void {
  const until = Date.parse(deferredUntil);
  const wanted = Number.isNaN(until) ? MIN_DEFERRAL_MS : until - draft.now;
  const delayMs = Math.min(MAX_DEFERRAL_MS, Math.max(MIN_DEFERRAL_MS, wanted));
  emit(draft, 'AgentDeferred', {
    agent: agent.name,
    ...ref,
    reason: 'breaker-open',
    error: redacted(draft, failure),
    delayMs,
    dueAt: isoAfter(draft, delayMs),
  });
  scheduleAgentTimer(draft, 'retry', agent.name, ref.iteration, ref.attempt, delayMs);
}

/** A failure of the agent as a whole, not of one attempt (condition, loop items, state.set). */
export function failAgent(draft: DecisionDraft, agent: AgentDefinition, failure: AgentErrorInfo): void {
  const error = redacted(draft, failure);
  emit(draft, 'AgentFailed', { agent: agent.name, level: 'agent', error, final: true });
  afterAgentFailed(draft, agent);
}

function afterAgentSucceeded(draft: DecisionDraft, agent: AgentDefinition): void {
  const result = stateChangesOnSuccess(draft, agent);
  if (!result.ok) {
    failAgent(draft, agent, result.error);
    return;
  }
  if (Object.keys(result.changes).length > 0) {
    emit(draft, 'StateUpdated', { agent: agent.name, changes: redacted(draft, result.changes) });
  }
}

function afterAgentFailed(draft: DecisionDraft, agent: AgentDefinition): void {
  abandonIterations(draft, agent, `another item of '${agent.name}' failed`);
  const changes = stateChangesOnFailure(draft, agent);
  if (Object.keys(changes).length > 0) emit(draft, 'StateUpdated', { agent: agent.name, changes });
  if (agent.onError !== 'fail' || draft.state.status !== 'running') return;
  const error = agentState(draft, agent.name).error ?? { code: 'failed', message: `'${agent.name}' failed` };
  endRun(draft, { type: 'RunFailed', data: { error: { ...error, agent: agent.name } } });
}

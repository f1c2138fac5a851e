/** Durable timers a decision asks the scheduler for, and the ones it no longer needs. */
import type { TimerFired, TimerKind } from '../commands';
import { agentTimerId, runTimerId } from '../identifiers';
import { type DecisionDraft, isoAfter, traceOf } from './decision-draft';

export type AgentTimerKind = Exclude<TimerKind, 'run-timeout'>;

export function scheduleRunTimeout(draft: DecisionDraft, delayMs: number): void {
  addTimer(draft, runTimerId(draft.runId), delayMs, { kind: 'run-timeout' });
}

/** Returns the due time (ISO 8601). */
export function scheduleAgentTimer(
  draft: DecisionDraft,
  kind: AgentTimerKind,
  agent: string,
  iteration: number,
  attempt: number,
  delayMs: number,
): string {
  return addTimer(draft, agentTimerId(draft.runId, kind, agent, iteration, attempt), delayMs, {
    kind,
    agent,
    iteration,
    attempt,
  });
}

export function cancelAgentTimer(
  draft: DecisionDraft,
  kind: AgentTimerKind,
  agent: string,
  iteration: number,
  attempt: number,
): void {
  draft.cancelledTimers.push(agentTimerId(draft.runId, kind, agent, iteration, attempt));
}

export function cancelRunTimeout(draft: DecisionDraft): void {
  draft.cancelledTimers.push(runTimerId(draft.runId));
}

function addTimer(
  draft: DecisionDraft,
  timerId: string,
  delayMs: number,
  what: Pick<TimerFired, 'kind' | 'agent' | 'iteration' | 'attempt'>,
): string {
  const dueAt = isoAfter(draft, delayMs);
  const command: TimerFired = {
    type: 'TimerFired',
    runId: draft.runId,
    // The timer id doubles as the command id: a timer delivered twice is one command.
    commandId: timerId,
    at: dueAt,
    ...traceOf(draft),
    timerId,
    ...what,
  };
  draft.timers.push({ timerId, runId: draft.runId, dueAt, command });
  return dueAt;
}

/**
 * Durable timers a decision asks the scheduler for, and the ones it no longer needs.
 *
 * Cancellation rules (each is a spec in decide-timer-cancellation.spec.ts): an attempt that
 * finished cancels its attempt time-out; a resolved wait cancels its wait time-out; a run that ends
 * cancels every timer of the run still pending (its run time-out and each open iteration's retry,
 * attempt time-out, wait time-out or sleep, see abandon.ts); a timer that fired needs nothing.
 * A timer scheduled and cancelled by the same decision is simply not scheduled, so a decision never
 * both schedules and cancels one id and the two may be dispatched in any order.
 *
 * An agent timer's id names the iteration's deferrals so far (see AgentDeferred): an attempt a
 * breaker deferred is sent again under new ids, and a timer of the refused sending is stale.
 */
import { agentTimerId, runTimerId, timerFired } from '@baton/intake';
import type { TimerFired, TimerKind } from '../commands';
import { type DecisionDraft, agentState, isoAfter, traceOf } from './decision-draft';

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
  return addTimer(draft, currentAgentTimerId(draft, kind, agent, iteration, attempt), delayMs, {
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
  cancelTimer(draft, currentAgentTimerId(draft, kind, agent, iteration, attempt));
}

/** The id an agent timer has when set now: it names the iteration's deferrals so far. */
export function currentAgentTimerId(
  draft: DecisionDraft,
  kind: AgentTimerKind,
  agent: string,
  iteration: number,
  attempt: number,
): string {
  const deferrals = agentState(draft, agent).iterations[iteration]?.deferrals ?? 0;
  return agentTimerId(draft.runId, kind, agent, iteration, attempt, deferrals);
}

export function cancelRunTimeout(draft: DecisionDraft): void {
  cancelTimer(draft, runTimerId(draft.runId));
}

function cancelTimer(draft: DecisionDraft, timerId: string): void {
  const scheduledNow = draft.timers.findIndex((timer) => timer.timerId === timerId);
  if (scheduledNow >= 0) draft.timers.splice(scheduledNow, 1);
  else if (!draft.cancelledTimers.includes(timerId)) draft.cancelledTimers.push(timerId);
}

function addTimer(
  draft: DecisionDraft,
  timerId: string,
  delayMs: number,
  what: Pick<TimerFired, 'kind' | 'agent' | 'iteration' | 'attempt'>,
): string {
  const dueAt = isoAfter(draft, delayMs);
  const command = timerFired({ runId: draft.runId, timerId, dueAt, ...traceOf(draft), ...what });
  draft.timers.push({ timerId, runId: draft.runId, dueAt, command });
  return dueAt;
}

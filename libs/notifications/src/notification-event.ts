/**
 * Which notification event (dsl.md "Notifications") a run event is, if any. Agent events are about
 * the agent as a whole: `agent.completed` when an agent becomes succeeded (a loop once all its items
 * have), `agent.failed` when it becomes failed; a failed attempt that is retried is neither.
 */
import type { EventType, RunEvent, RunState } from '@baton/engine';
import type { NotificationEvent } from '@baton/model';

const RUN_EVENTS: Partial<Record<EventType, NotificationEvent>> = {
  RunStarted: 'execution.started',
  RunCompleted: 'execution.completed',
  RunFailed: 'execution.failed',
  RunTimedOut: 'execution.timeout',
  RunCancelled: 'execution.cancelled',
  StateUpdated: 'state.updated',
};

/** The notification events a run event of this type may be, before looking at the run's state. */
export function candidateNotificationEvents(type: EventType): readonly NotificationEvent[] {
  const direct = RUN_EVENTS[type];
  if (direct !== undefined) return [direct];
  if (type === 'AgentSucceeded') return ['agent.completed'];
  if (type === 'AgentFailed') return ['agent.failed'];
  return [];
}

/** `before` and `after` are the run's state without and with `event`. */
export function notificationEventOf(
  before: RunState,
  after: RunState,
  event: RunEvent,
): NotificationEvent | undefined {
  const direct = RUN_EVENTS[event.type];
  if (direct !== undefined) return direct;
  if (event.type !== 'AgentSucceeded' && event.type !== 'AgentFailed') return undefined;
  const agent = event.data.agent;
  const was = before.agents[agent]?.status;
  const is = after.agents[agent]?.status;
  if (event.type === 'AgentSucceeded' && is === 'succeeded' && was !== 'succeeded') return 'agent.completed';
  if (event.type === 'AgentFailed' && is === 'failed' && was !== 'failed') return 'agent.failed';
  return undefined;
}

import type { RunEvent } from '@baton/engine';

/**
 * When an event happened, as the timeline shows it. Events carry the time of the command that
 * caused them (a worker's result, a timer's due time), so the log's order is not always time order:
 * a loop's items finish concurrently, and a timer that fired late logs after events that happened
 * later than its due time. A worker's start (AgentStarted) is placed at the time the worker began the
 * attempt, not at its outcome's time, with which it is recorded.
 */
export function timelineTime(event: RunEvent): string {
  return event.type === 'AgentStarted' ? event.data.startedAt : event.at;
}

/** The events in time order; events at the same time keep their log order (seq). */
export function inTimeOrder(events: readonly RunEvent[]): RunEvent[] {
  return [...events].sort(
    (a, b) => Date.parse(timelineTime(a)) - Date.parse(timelineTime(b)) || a.seq - b.seq,
  );
}

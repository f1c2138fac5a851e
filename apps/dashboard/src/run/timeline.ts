/**
 * A run's timeline, built from its event log: one lane per agent iteration with the spans of each
 * attempt, and a table of attempts with their durations. Times are milliseconds from the run's
 * first event. Where the log has `AgentStarted`, an attempt splits into the time it waited for a
 * worker (queued) and the time it ran; without it the attempt is one span.
 */
import type { RunEvent } from '../api/types';
import { agentErrorText } from './event-summary';
import { LaneRecorder } from './lane-recorder';
import type { AttemptRow, Span, Timeline } from './timeline-types';

export type * from './timeline-types';

export const TERMINAL_EVENTS: ReadonlySet<string> = new Set([
  'RunCompleted',
  'RunFailed',
  'RunTimedOut',
  'RunCancelled',
]);

export function buildTimeline(events: readonly RunEvent[], now: Date): Timeline {
  const first = events[0];
  if (!first) return { startedAt: undefined, endMs: 0, lanes: [], attempts: [], run: [] };
  const origin = Date.parse(first.at);
  const offset = (iso: string) => Math.max(0, Date.parse(iso) - origin);
  const lanes = new Map<string, LaneRecorder>();
  const attempts: AttemptRow[] = [];
  const run: Span[] = [];
  let runQueuedFrom: number | undefined;
  let ended: { at: number; reason: string } | undefined;

  const laneOf = (agent: string, iteration: number): LaneRecorder => {
    const key = `${agent}#${iteration}`;
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = new LaneRecorder(agent, iteration, attempts)));
    return lane;
  };

  for (const event of events) {
    const at = offset(event.at);
    const data = event.data as Record<string, unknown>;
    if (TERMINAL_EVENTS.has(event.type)) {
      ended = { at, reason: endReason(event.type) };
      continue;
    }
    if (event.type === 'RunQueued') runQueuedFrom = at;
    if (event.type === 'RunStarted' && runQueuedFrom !== undefined) {
      run.push({
        kind: 'queued',
        from: runQueuedFrom,
        to: at,
        open: false,
        detail: 'behind its concurrency key',
      });
      runQueuedFrom = undefined;
    }
    if (typeof data.agent !== 'string') continue;
    const lane = laneOf(data.agent, typeof data.iteration === 'number' ? data.iteration : 0);
    const attempt = typeof data.attempt === 'number' ? data.attempt : 1;
    switch (event.type) {
      case 'AgentScheduled':
        lane.scheduled(at, event.at, attempt);
        break;
      case 'AgentStarted':
        lane.started(at, attempt);
        break;
      case 'WaitStarted':
        lane.waitStarted(at, String(data.key));
        break;
      case 'WaitResolved':
        lane.waitEnded(at, resolution(data.value));
        break;
      case 'WaitTimedOut':
        lane.waitEnded(at, 'timed out');
        break;
      case 'AgentSucceeded':
        lane.result(at, attempt, 'succeeded');
        break;
      case 'AgentFailed':
        lane.result(at, attempt, 'failed', agentErrorText(data.error));
        break;
      case 'AgentRetryScheduled':
        lane.paused(
          at,
          'backoff',
          typeof data.delayMs === 'number' ? `retry after ${data.delayMs} ms` : 'retry back-off',
        );
        break;
      case 'AgentSkipped':
        lane.mark(
          at,
          `skipped: ${data.reason === 'condition' ? 'condition was false' : 'the run had ended'}`,
        );
        break;
      default: {
        // Event types this page does not know yet (a breaker's deferral, say) still show on their
        // agent's lane; one that names a due time ends the open attempt there and is drawn as a
        // pause until the agent is scheduled again.
        if (typeof data.dueAt !== 'string' && typeof data.until !== 'string') {
          lane.mark(at, event.type);
          break;
        }
        const deferral = /defer/i.test(event.type);
        const reason = typeof data.reason === 'string' ? `${event.type}: ${data.reason}` : event.type;
        lane.finish(at, deferral ? 'deferred' : 'abandoned', reason);
        lane.paused(at, deferral ? 'deferred' : 'backoff', reason);
      }
    }
  }

  const endMs = ended?.at ?? Math.max(offset(events[events.length - 1].at), now.getTime() - origin);
  if (runQueuedFrom !== undefined) run.push({ kind: 'queued', from: runQueuedFrom, to: endMs, open: !ended });
  for (const lane of lanes.values()) lane.close(endMs, ended?.reason);
  attempts.sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  return { startedAt: first.at, endMs, lanes: [...lanes.values()].map((l) => l.lane), attempts, run };
}

function resolution(value: unknown): string {
  const action = (value as { action?: unknown } | null)?.action;
  return typeof action === 'string' ? action : 'resolved';
}

function endReason(type: string): string {
  if (type === 'RunCancelled') return 'the run was cancelled';
  if (type === 'RunTimedOut') return 'the run timed out';
  return 'the run ended';
}

import type { RunEvent } from '@baton/engine';
import { compactJson, shorten } from '../formatting/json-text';
import { formatTable } from '../formatting/text-table';
import { formatDuration, formatOffset, formatTimestamp, millisecondsBetween } from '../formatting/time-text';
import { inTimeOrder, timelineTime } from './time-order';

const DETAIL_WIDTH = 72;
const VALUE_WIDTH = 48;

/**
 * The `runs show` timeline: one row per event of the run's log, in time order, with its offset from
 * the first event, the agent it concerns (`name#2` for the third item of a loop), the attempt, and a
 * short detail (an error, a retry delay, a skip reason, an output). A worker's attempt shows its
 * queueing time on its AgentStarted row (placed at the worker's start) and its running time on
 * its outcome's row.
 */
export function formatTimeline(log: readonly RunEvent[]): string {
  if (log.length === 0) return 'no events\n';
  const events = inTimeOrder(log);
  const start = timelineTime(events[0]);
  const looped = loopedAgents(events);
  const attempts = attemptTimes(events);
  const rows = events.map((event) => {
    const data = event.data as { agent?: string; iteration?: number; attempt?: number };
    const agent =
      data.agent === undefined
        ? ''
        : looped.has(data.agent)
          ? `${data.agent}#${data.iteration ?? 0}`
          : data.agent;
    return [
      formatOffset(millisecondsBetween(start, timelineTime(event)) ?? 0),
      event.type,
      agent,
      data.attempt === undefined ? '' : String(data.attempt),
      eventDetail(event, attempts),
    ];
  });
  return formatTable(['TIME', 'EVENT', 'AGENT', 'ATTEMPT', 'DETAIL'], rows);
}

/** When each attempt (`agent#iteration#attempt`) was scheduled and when its worker started it. */
interface AttemptTimes {
  readonly scheduledAt: Map<string, string>;
  readonly startedAt: Map<string, string>;
}

function attemptKey(data: { agent: string; iteration: number; attempt: number }): string {
  return `${data.agent}#${data.iteration}#${data.attempt}`;
}

function attemptTimes(events: readonly RunEvent[]): AttemptTimes {
  const times: AttemptTimes = { scheduledAt: new Map(), startedAt: new Map() };
  for (const event of events) {
    if (event.type === 'AgentScheduled') times.scheduledAt.set(attemptKey(event.data), event.at);
    if (event.type === 'AgentStarted') times.startedAt.set(attemptKey(event.data), event.data.startedAt);
  }
  return times;
}

/** The detail column: what a reader wants from each kind of event, on one short line. */
export function eventDetail(event: RunEvent, attempts?: AttemptTimes): string {
  return shorten(detailOf(event, attempts ?? attemptTimes([event])), DETAIL_WIDTH);
}

/** `ran 1.2s` for the outcome of an attempt a worker reported starting. */
function ranFor(
  event: RunEvent & { type: 'AgentSucceeded' | 'AgentFailed' },
  attempts: AttemptTimes,
): string {
  if (event.data.level !== 'attempt') return '';
  const ran = millisecondsBetween(attempts.startedAt.get(attemptKey(event.data)), event.at);
  return ran === undefined ? '' : `ran ${formatDuration(ran)}`;
}

function detailOf(event: RunEvent, attempts: AttemptTimes): string {
  switch (event.type) {
    case 'RunRequested':
      return `${event.data.ensemble} revision ${event.data.revision}, ${triggerText(event.data.trigger)}`;
    case 'RunQueued':
      return `queued behind concurrency key ${event.data.key}`;
    case 'AgentScheduled':
      return event.data.item === undefined ? '' : `item ${compactJson(event.data.item, VALUE_WIDTH)}`;
    case 'AgentStarted': {
      const queued = millisecondsBetween(
        attempts.scheduledAt.get(attemptKey(event.data)),
        event.data.startedAt,
      );
      return queued === undefined ? 'started by a worker' : `queued ${formatDuration(queued)}`;
    }
    case 'AgentSucceeded':
      return [
        ranFor(event, attempts),
        event.data.level === 'attempt' && event.data.response ? `HTTP ${event.data.response.status}` : '',
        `output ${compactJson(event.data.output ?? null, VALUE_WIDTH)}`,
      ]
        .filter(Boolean)
        .join(', ');
    case 'AgentFailed':
      return [
        ranFor(event, attempts),
        `${errorText(event.data.error)}${event.data.final ? '' : ' (will retry)'}`,
      ]
        .filter(Boolean)
        .join(', ');
    case 'AgentRetryScheduled':
      return `retry in ${formatDuration(event.data.delayMs)}, at ${formatTimestamp(event.data.dueAt)}`;
    case 'AgentDeferred':
      // The when first: a long breaker message is what gets cut.
      return `not counted, sent again at ${formatTimestamp(event.data.dueAt)}: ${errorText(event.data.error)}`;
    case 'AgentSkipped':
      return event.data.reason === 'condition' ? 'condition was false' : 'the run had ended';
    case 'WaitStarted':
      return `key ${event.data.key}${event.data.timeoutAt ? `, times out at ${formatTimestamp(event.data.timeoutAt)}` : ''}`;
    case 'WaitResolved':
      return `key ${event.data.key}: ${compactJson(event.data.value, VALUE_WIDTH)}`;
    case 'WaitTimedOut':
      return `key ${event.data.key}`;
    case 'StateUpdated':
      return `set ${Object.keys(event.data.changes).join(', ')}`;
    case 'RunCompleted':
      return `output ${compactJson(event.data.output ?? null, VALUE_WIDTH)}`;
    case 'RunFailed':
      return `${event.data.error.agent ? `${event.data.error.agent}: ` : ''}${errorText(event.data.error)}`;
    case 'RunTimedOut':
      return `after ${formatDuration(event.data.timeoutMs)}`;
    case 'RunCancelled':
      return event.data.reason;
    default:
      // RunStarted, and event types newer than this CLI: the row says it all.
      return '';
  }
}

function triggerText(trigger: { type: string; path?: unknown; event?: unknown }): string {
  if (typeof trigger.path === 'string') return `${trigger.type} ${trigger.path}`;
  if (trigger.type === 'event' && typeof trigger.event === 'string') return `event ${trigger.event}`;
  return `${trigger.type} trigger`;
}

function errorText(error: { code: string; message: string; status?: number }): string {
  return `${error.code}${error.status === undefined ? '' : ` (HTTP ${error.status})`}: ${error.message}`;
}

/** Agents with more than one iteration in this log: only theirs get a `#n`. */
function loopedAgents(events: readonly RunEvent[]): ReadonlySet<string> {
  const looped = new Set<string>();
  for (const event of events) {
    const data = event.data as { agent?: string; iteration?: number };
    if (data.agent !== undefined && (data.iteration ?? 0) > 0) looped.add(data.agent);
  }
  return looped;
}

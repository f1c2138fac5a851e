/**
 * A run's timeline, built from its event log: one lane per agent iteration with the spans of each
 * attempt, and a table of attempts with their durations. Times are milliseconds from the run's
 * first event. Where the log has `AgentStarted`, an attempt splits into the time it waited for a
 * worker (queued) and the time it ran; without it the attempt is one span.
 */
import type { RunEvent } from '../api/types';
import { agentErrorText } from './event-summary';

export type SpanKind = 'queued' | 'running' | 'attempt' | 'waiting' | 'backoff' | 'deferred';
/** `open`: still running when the log ends; `waiting`: open, and waiting for a decision. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'deferred' | 'open' | 'waiting' | 'abandoned';

export interface Span {
  readonly kind: SpanKind;
  readonly from: number;
  readonly to: number;
  /** Still going on when the log ends (drawn to "now"). */
  readonly open: boolean;
  readonly attempt?: number;
  readonly outcome?: AttemptOutcome;
  readonly detail?: string;
}

export interface Marker {
  readonly at: number;
  readonly label: string;
}

export interface Lane {
  readonly key: string;
  readonly agent: string;
  readonly iteration: number;
  readonly label: string;
  readonly spans: Span[];
  readonly markers: Marker[];
}

export interface AttemptRow {
  readonly lane: string;
  readonly agent: string;
  readonly iteration: number;
  readonly attempt: number;
  readonly scheduledAt: string;
  /** Until a worker took it: known only when the log has `AgentStarted`. */
  readonly queuedMs?: number;
  /** Running (or waiting for a human), from its start (or scheduling) to its result. */
  readonly runMs?: number;
  readonly totalMs?: number;
  readonly outcome: AttemptOutcome;
  readonly error?: string;
}

export interface Timeline {
  readonly startedAt: string | undefined;
  /** The time axis ends here: the run's end, or now while it runs. */
  readonly endMs: number;
  readonly lanes: Lane[];
  readonly attempts: AttemptRow[];
  /** Spans of the run itself: queued behind its concurrency key. */
  readonly run: Span[];
}

interface OpenAttempt {
  attempt: number;
  scheduledAt: string;
  scheduledMs: number;
  startedMs?: number;
  /** Where the current running span began (after a wait, the wait's end). */
  runningFrom: number;
  waitingFrom?: number;
  waitKey?: string;
}

interface LaneState {
  lane: Lane;
  open?: OpenAttempt;
  pause?: { kind: 'backoff' | 'deferred'; from: number; detail: string };
}

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
  const lanes = new Map<string, LaneState>();
  const attempts: AttemptRow[] = [];
  const run: Span[] = [];
  let runQueuedFrom: number | undefined;
  let endedAt: number | undefined;
  let endedBy = '';

  const laneOf = (agent: string, iteration: number): LaneState => {
    const key = `${agent}#${iteration}`;
    let state = lanes.get(key);
    if (!state) {
      const label = iteration === 0 ? agent : `${agent} #${iteration}`;
      state = { lane: { key, agent, iteration, label, spans: [], markers: [] } };
      lanes.set(key, state);
    }
    return state;
  };

  const closePause = (state: LaneState, at: number) => {
    if (!state.pause) return;
    state.lane.spans.push({
      kind: state.pause.kind,
      from: state.pause.from,
      to: at,
      open: false,
      detail: state.pause.detail,
    });
    state.pause = undefined;
  };

  const finish = (state: LaneState, at: number, outcome: AttemptOutcome, error?: string) => {
    const open = state.open;
    if (!open) return;
    if (open.waitingFrom !== undefined) {
      state.lane.spans.push({
        kind: 'waiting',
        from: open.waitingFrom,
        to: at,
        open: outcome === 'open',
        attempt: open.attempt,
        detail: `key ${open.waitKey}`,
      });
    } else {
      const kind = open.startedMs === undefined ? 'attempt' : 'running';
      state.lane.spans.push({
        kind,
        from: open.runningFrom,
        to: at,
        open: outcome === 'open',
        attempt: open.attempt,
        outcome,
        detail: error,
      });
    }
    const totalMs = at - open.scheduledMs;
    attempts.push({
      lane: state.lane.label,
      agent: state.lane.agent,
      iteration: state.lane.iteration,
      attempt: open.attempt,
      scheduledAt: open.scheduledAt,
      queuedMs: open.startedMs === undefined ? undefined : open.startedMs - open.scheduledMs,
      runMs: at - (open.startedMs ?? open.scheduledMs),
      totalMs,
      outcome: outcome === 'open' && open.waitingFrom !== undefined ? 'waiting' : outcome,
      error,
    });
    state.open = undefined;
  };

  for (const event of events) {
    const at = offset(event.at);
    const data = event.data as Record<string, unknown>;
    const agent = typeof data.agent === 'string' ? data.agent : undefined;
    const iteration = typeof data.iteration === 'number' ? data.iteration : 0;
    const attempt = typeof data.attempt === 'number' ? data.attempt : 1;
    switch (event.type) {
      case 'RunQueued':
        runQueuedFrom = at;
        break;
      case 'RunStarted':
        if (runQueuedFrom !== undefined)
          run.push({
            kind: 'queued',
            from: runQueuedFrom,
            to: at,
            open: false,
            detail: 'behind its concurrency key',
          });
        runQueuedFrom = undefined;
        break;
      case 'AgentScheduled': {
        if (!agent) break;
        const state = laneOf(agent, iteration);
        closePause(state, at);
        finish(state, at, 'abandoned');
        state.open = { attempt, scheduledAt: event.at, scheduledMs: at, runningFrom: at };
        break;
      }
      case 'AgentStarted': {
        const state = agent ? laneOf(agent, iteration) : undefined;
        const open = state?.open;
        if (!state || !open || open.attempt !== attempt) break;
        closePause(state, at);
        state.lane.spans.push({ kind: 'queued', from: open.scheduledMs, to: at, open: false, attempt });
        open.startedMs = at;
        open.runningFrom = at;
        break;
      }
      case 'WaitStarted': {
        const state = agent ? laneOf(agent, iteration) : undefined;
        const open = state?.open;
        if (!state || !open) break;
        if (at > open.runningFrom) {
          state.lane.spans.push({
            kind: open.startedMs === undefined ? 'attempt' : 'running',
            from: open.runningFrom,
            to: at,
            open: false,
            attempt: open.attempt,
          });
        }
        open.waitingFrom = at;
        open.waitKey = String(data.key);
        break;
      }
      case 'WaitResolved':
      case 'WaitTimedOut': {
        const state = agent ? laneOf(agent, iteration) : undefined;
        const open = state?.open;
        if (!state || !open || open.waitingFrom === undefined) break;
        const detail =
          event.type === 'WaitTimedOut'
            ? `key ${open.waitKey}: timed out`
            : `key ${open.waitKey}: ${resolution(data.value)}`;
        state.lane.spans.push({
          kind: 'waiting',
          from: open.waitingFrom,
          to: at,
          open: false,
          attempt: open.attempt,
          detail,
        });
        open.waitingFrom = undefined;
        open.runningFrom = at;
        break;
      }
      case 'AgentSucceeded':
      case 'AgentFailed': {
        if (!agent) break;
        const state = laneOf(agent, iteration);
        const error = event.type === 'AgentFailed' ? agentErrorText(data.error) : undefined;
        if (state.open?.attempt === attempt)
          finish(state, at, event.type === 'AgentSucceeded' ? 'succeeded' : 'failed', error);
        else if (error) state.lane.markers.push({ at, label: `failed: ${error}` });
        break;
      }
      case 'AgentRetryScheduled': {
        if (!agent) break;
        const state = laneOf(agent, iteration);
        const delay = typeof data.delayMs === 'number' ? data.delayMs : undefined;
        state.pause = {
          kind: 'backoff',
          from: at,
          detail: delay === undefined ? 'retry back-off' : `retry after ${delay} ms`,
        };
        break;
      }
      case 'AgentSkipped': {
        if (!agent) break;
        const reason = data.reason === 'condition' ? 'condition was false' : 'the run had ended';
        laneOf(agent, iteration).lane.markers.push({ at, label: `skipped: ${reason}` });
        break;
      }
      default: {
        if (TERMINAL_EVENTS.has(event.type)) {
          endedAt = at;
          endedBy = event.type;
          break;
        }
        // Event types this page does not know yet (a breaker's deferral, say) still show on their
        // agent's lane; one that names a due time ends the open attempt there and is drawn as a
        // pause until the agent is scheduled again.
        if (!agent) break;
        const state = laneOf(agent, iteration);
        const due = typeof data.dueAt === 'string' || typeof data.until === 'string';
        if (!due) {
          state.lane.markers.push({ at, label: event.type });
          break;
        }
        const deferral = /defer/i.test(event.type);
        const reason = typeof data.reason === 'string' ? `${event.type}: ${data.reason}` : event.type;
        finish(state, at, deferral ? 'deferred' : 'abandoned', reason);
        state.pause = { kind: deferral ? 'deferred' : 'backoff', from: at, detail: reason };
      }
    }
  }

  const endMs = endedAt ?? Math.max(offset(events[events.length - 1].at), now.getTime() - origin);
  if (runQueuedFrom !== undefined)
    run.push({ kind: 'queued', from: runQueuedFrom, to: endMs, open: endedAt === undefined });
  for (const state of lanes.values()) {
    if (state.pause) {
      state.lane.spans.push({
        kind: state.pause.kind,
        from: state.pause.from,
        to: endMs,
        open: endedAt === undefined,
        detail: state.pause.detail,
      });
    }
    if (state.open)
      finish(
        state,
        endMs,
        endedAt === undefined ? 'open' : 'abandoned',
        endedAt === undefined ? undefined : endedByText(endedBy),
      );
  }
  attempts.sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  return { startedAt: first.at, endMs, lanes: [...lanes.values()].map((s) => s.lane), attempts, run };
}

function resolution(value: unknown): string {
  const action = (value as { action?: unknown } | null)?.action;
  return typeof action === 'string' ? action : 'resolved';
}

function endedByText(type: string): string {
  return type === 'RunCancelled'
    ? 'the run was cancelled'
    : type === 'RunTimedOut'
      ? 'the run timed out'
      : 'the run ended';
}

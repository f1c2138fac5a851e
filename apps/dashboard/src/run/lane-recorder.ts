/**
 * One lane of the timeline (an agent iteration) as its events arrive: the open attempt, a pause
 * (retry back-off, deferral) between attempts, and the spans and attempt rows they leave behind.
 */
import type { AttemptOutcome, AttemptRow, Lane } from './timeline-types';

interface OpenAttempt {
  readonly attempt: number;
  readonly scheduledAt: string;
  readonly scheduledMs: number;
  startedMs?: number;
  /** Where the current running span began (after a wait, the wait's end). */
  runningFrom: number;
  waitingFrom?: number;
  waitKey?: string;
}

export class LaneRecorder {
  readonly lane: Lane;
  private open: OpenAttempt | undefined;
  private pause: { kind: 'backoff' | 'deferred'; from: number; detail: string } | undefined;

  constructor(
    agent: string,
    iteration: number,
    private readonly attempts: AttemptRow[],
  ) {
    const label = iteration === 0 ? agent : `${agent} #${iteration}`;
    this.lane = { key: `${agent}#${iteration}`, agent, iteration, label, spans: [], markers: [] };
  }

  /** A new attempt; one still open is abandoned (a result the log never recorded). */
  scheduled(at: number, iso: string, attempt: number): void {
    this.endPause(at);
    this.finish(at, 'abandoned');
    this.open = { attempt, scheduledAt: iso, scheduledMs: at, runningFrom: at };
  }

  /** A worker took the attempt: the time before it was queued. */
  started(at: number, attempt: number): void {
    const open = this.open;
    if (!open || open.attempt !== attempt) return;
    this.lane.spans.push({ kind: 'queued', from: open.scheduledMs, to: at, open: false, attempt });
    open.startedMs = at;
    open.runningFrom = at;
  }

  waitStarted(at: number, key: string): void {
    const open = this.open;
    if (!open) return;
    if (at > open.runningFrom) {
      const kind = open.startedMs === undefined ? 'attempt' : 'running';
      this.lane.spans.push({ kind, from: open.runningFrom, to: at, open: false, attempt: open.attempt });
    }
    open.waitingFrom = at;
    open.waitKey = key;
  }

  waitEnded(at: number, how: string): void {
    const open = this.open;
    if (!open || open.waitingFrom === undefined) return;
    const detail = `key ${open.waitKey}: ${how}`;
    this.lane.spans.push({
      kind: 'waiting',
      from: open.waitingFrom,
      to: at,
      open: false,
      attempt: open.attempt,
      detail,
    });
    open.waitingFrom = undefined;
    open.runningFrom = at;
  }

  /** The attempt's result; one for an attempt that is not the open one is only marked. */
  result(at: number, attempt: number, outcome: 'succeeded' | 'failed', error?: string): void {
    if (this.open?.attempt === attempt) this.finish(at, outcome, error);
    else if (error) this.mark(at, `failed: ${error}`);
  }

  /** Between attempts: until the agent is scheduled again. */
  paused(at: number, kind: 'backoff' | 'deferred', detail: string): void {
    this.pause = { kind, from: at, detail };
  }

  mark(at: number, label: string): void {
    this.lane.markers.push({ at, label });
  }

  /** Ends what is still open where the axis ends: open while the run goes on, else abandoned. */
  close(endMs: number, runEnded: string | undefined): void {
    if (this.pause) {
      const { kind, from, detail } = this.pause;
      this.lane.spans.push({ kind, from, to: endMs, open: runEnded === undefined, detail });
      this.pause = undefined;
    }
    this.finish(endMs, runEnded === undefined ? 'open' : 'abandoned', runEnded);
  }

  /** Closes the open attempt with its last span and its row in the attempts table. */
  finish(at: number, outcome: AttemptOutcome, error?: string): void {
    const open = this.open;
    if (!open) return;
    const isOpen = outcome === 'open';
    if (open.waitingFrom !== undefined) {
      const detail = `key ${open.waitKey}`;
      this.lane.spans.push({
        kind: 'waiting',
        from: open.waitingFrom,
        to: at,
        open: isOpen,
        attempt: open.attempt,
        detail,
      });
    } else {
      const kind = open.startedMs === undefined ? 'attempt' : 'running';
      this.lane.spans.push({
        kind,
        from: open.runningFrom,
        to: at,
        open: isOpen,
        attempt: open.attempt,
        outcome,
        detail: error,
      });
    }
    this.attempts.push({
      lane: this.lane.label,
      agent: this.lane.agent,
      iteration: this.lane.iteration,
      attempt: open.attempt,
      scheduledAt: open.scheduledAt,
      queuedMs: open.startedMs === undefined ? undefined : open.startedMs - open.scheduledMs,
      runMs: at - (open.startedMs ?? open.scheduledMs),
      totalMs: at - open.scheduledMs,
      outcome: isOpen && open.waitingFrom !== undefined ? 'waiting' : outcome,
      error,
    });
    this.open = undefined;
  }

  private endPause(at: number): void {
    if (!this.pause) return;
    const { kind, from, detail } = this.pause;
    this.lane.spans.push({ kind, from, to: at, open: false, detail });
    this.pause = undefined;
  }
}

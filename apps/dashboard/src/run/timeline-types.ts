/** The shapes of a run's timeline (timeline.ts builds them, TimelineChart draws them). */

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

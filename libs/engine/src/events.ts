/**
 * The run event log: facts, past tense, versioned. One discriminated union; a run's events live on
 * `baton.run.<runId>` and are the only truth about it. Never edit a shape that is already in a
 * stream: add a version and an upcaster.
 */

export interface AgentErrorInfo {
  readonly message: string;
  readonly code: string;
  /** HTTP status of a failed http call, when there was one. */
  readonly status?: number;
}

export interface TriggerInfo {
  readonly type: 'webhook' | 'cron' | 'manual' | 'event' | 'queue' | 'api' | 'child' | 'rerun';
  readonly [key: string]: unknown;
}

export interface EventPayloads {
  RunRequested: {
    ensemble: string;
    revision: number;
    input: unknown;
    trigger: TriggerInfo;
    parent?: { runId: string; agent: string; iteration: number };
    concurrencyKey?: string;
    /** Every agent of the revision, in plan order, so the run's state lists those that never start too. */
    agents?: string[];
  };
  RunQueued: { reason: 'concurrency'; key: string };
  RunStarted: Record<string, never>;
  AgentScheduled: {
    agent: string;
    iteration: number;
    attempt: number;
    taskId: string;
    item?: unknown;
    /** On a loop's first scheduled item only: every item, evaluated once, so later items come from the log. */
    items?: unknown[];
  };
  AgentStarted: { agent: string; iteration: number; attempt: number; taskId: string };
  AgentSucceeded: {
    agent: string;
    iteration: number;
    attempt: number;
    taskId: string;
    output: unknown;
    response?: { status: number; headers: Record<string, string> };
    usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
  };
  AgentFailed: {
    agent: string;
    iteration: number;
    attempt: number;
    taskId: string;
    error: AgentErrorInfo;
    final: boolean;
  };
  AgentRetryScheduled: { agent: string; iteration: number; attempt: number; delayMs: number; dueAt: string };
  AgentSkipped: { agent: string; reason: 'condition' | 'run-ended' };
  WaitStarted: { agent: string; iteration: number; key: string; timeoutAt?: string };
  WaitResolved: { agent: string; iteration: number; key: string; value: unknown };
  WaitTimedOut: { agent: string; iteration: number; key: string };
  StateUpdated: { agent: string; changes: Record<string, unknown> };
  RunCompleted: { output: unknown };
  RunFailed: { error: AgentErrorInfo & { agent?: string } };
  RunTimedOut: { timeoutMs: number };
  RunCancelled: { reason: string };
}

export type EventType = keyof EventPayloads;

export interface EventEnvelope<T extends EventType = EventType> {
  readonly type: T;
  readonly version: 1;
  readonly runId: string;
  /** 1-based position in the run's log. */
  readonly seq: number;
  /** ISO 8601, taken from the command that caused it. */
  readonly at: string;
  /** The command (or timer, or task result) id that caused this event. */
  readonly causationId: string;
  /** W3C traceparent of the run's trace, when tracing is on. */
  readonly traceparent?: string;
  readonly data: EventPayloads[T];
}

export type RunEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export const TERMINAL_EVENT_TYPES = ['RunCompleted', 'RunFailed', 'RunTimedOut', 'RunCancelled'] as const;

/**
 * The run event log: facts, past tense, versioned. One discriminated union; a run's events live on
 * `baton.run.<runId>` (one message per decision, see log/) and are the only truth about it. Never
 * edit a shape that is already in a stream: raise its version in EVENT_VERSIONS and add an upcaster
 * from the previous one (log/upcasters.ts); the recorded-history replay test fails until you do.
 */

import type { AgentErrorInfo, TriggerInfo } from '@baton/intake';

// Shared with the commands (@baton/intake), which carry them too.
export type { AgentErrorInfo, TriggerInfo };

/** The attempt an event concerns: an iteration (the item's index in a loop, else 0) and its 1-based attempt. */
export interface AttemptRef {
  readonly iteration: number;
  readonly attempt: number;
  /** `<runId>:<agent>:<iteration>:<attempt>`; a worker's result must name it to count. */
  readonly taskId: string;
}

/**
 * An outcome's `level`: `attempt` for the outcome of one attempt of one iteration; `agent` for an
 * outcome of the agent as a whole that no attempt produced: a loop over no items succeeds with
 * output `[]`; a condition or loop-items error, or a `state.set` error after a success, fails it.
 */
export type OutcomeLevel = 'attempt' | 'agent';

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
  /**
   * Recorded with the attempt's outcome, in the same decision, when the worker reports when it began
   * the attempt: `startedAt` (the worker's clock, kept between the attempt's AgentScheduled and its
   * outcome) splits the attempt's time into queueing (scheduled → started) and running (started →
   * outcome). Version 2 added `startedAt`.
   */
  AgentStarted: AttemptRef & { agent: string; startedAt: string };
  /** Version 2 made `level` explicit (version 1 marked an agent-level outcome with `attempt: 0`). */
  AgentSucceeded:
    | (AttemptRef & {
        agent: string;
        level: 'attempt';
        output: unknown;
        response?: { status: number; headers: Record<string, string> };
        /** Token counts of a `think` agent (optional: absent in events before it existed). */
        usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
      })
    | { agent: string; level: 'agent'; output: unknown };
  /** Version 2 made `level` explicit (version 1 marked an agent-level outcome with `attempt: 0`). */
  AgentFailed:
    | (AttemptRef & { agent: string; level: 'attempt'; error: AgentErrorInfo; final: boolean })
    | { agent: string; level: 'agent'; error: AgentErrorInfo; final: true };
  AgentRetryScheduled: { agent: string; iteration: number; attempt: number; delayMs: number; dueAt: string };
  /**
   * An attempt an open circuit breaker refused before it reached the remote: it does not count as an
   * attempt. The same attempt (same number, a new task id) is sent again at `dueAt`, the breaker's
   * next half-open probe. `reason` is `breaker-open`; `error` is what the worker said.
   */
  AgentDeferred: AttemptRef & {
    agent: string;
    reason: 'breaker-open';
    error: AgentErrorInfo;
    delayMs: number;
    dueAt: string;
  };
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

/**
 * The version each event type is written with today. A stored event of an older version is
 * upcast when it is decoded (log/upcasters.ts), so `evolve` and every reader see only these.
 */
export const EVENT_VERSIONS = {
  RunRequested: 1,
  RunQueued: 1,
  RunStarted: 1,
  AgentScheduled: 1,
  AgentStarted: 2,
  AgentSucceeded: 2,
  AgentFailed: 2,
  AgentRetryScheduled: 1,
  AgentDeferred: 1,
  AgentSkipped: 1,
  WaitStarted: 1,
  WaitResolved: 1,
  WaitTimedOut: 1,
  StateUpdated: 1,
  RunCompleted: 1,
  RunFailed: 1,
  RunTimedOut: 1,
  RunCancelled: 1,
} as const satisfies Record<EventType, number>;

export const EVENT_TYPES = Object.keys(EVENT_VERSIONS) as readonly EventType[];

export interface EventEnvelope<T extends EventType = EventType> {
  readonly type: T;
  readonly version: (typeof EVENT_VERSIONS)[T];
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

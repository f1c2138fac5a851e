/**
 * The commands a run's inbox receives. Every command carries a unique `commandId` (the causation id
 * of the events it leads to, and the message id that makes its delivery idempotent) and the time
 * `at` at which it was issued: the engine reads no clock. Build them with the constructors of
 * `command-constructors.ts`, never inline: ids and subjects follow from them.
 */

/** Why an agent (or a run) failed, as the log records it. */
export interface AgentErrorInfo {
  readonly message: string;
  readonly code: string;
  /** HTTP status of a failed http call, when there was one. */
  readonly status?: number;
}

/** How a run started; keys besides `type` depend on it (a webhook's path, a queue send's sender, …). */
export interface TriggerInfo {
  readonly type: 'webhook' | 'cron' | 'manual' | 'event' | 'queue' | 'database' | 'api' | 'child' | 'rerun';
  readonly [key: string]: unknown;
}

interface CommandBase {
  readonly runId: string;
  readonly commandId: string;
  readonly at: string; // ISO 8601
  readonly traceparent?: string;
}

export interface StartRun extends CommandBase {
  readonly type: 'StartRun';
  readonly ensemble: string;
  /** `LATEST_REVISION` (a child run): the orchestrator pins the ensemble's latest revision. */
  readonly revision: number;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  readonly parent?: { readonly runId: string; readonly agent: string; readonly iteration: number };
}

/** A run a step asks to start: its StartRun, and when it is due when the send is delayed. */
export interface RequestedStart {
  readonly command: StartRun;
  /** ISO 8601: a delayed send's start is delivered by a timer at this time. */
  readonly dueAt?: string;
}

/** A worker's report on one task attempt. */
export interface TaskResult extends CommandBase {
  readonly type: 'TaskResult';
  readonly taskId: string;
  readonly agent: string;
  readonly iteration: number;
  readonly attempt: number;
  /**
   * When the worker began the attempt (ISO 8601, the worker's clock). The engine records it as the
   * attempt's AgentStarted in the decision that records the outcome.
   */
  readonly startedAt?: string;
  readonly outcome:
    | {
        readonly ok: true;
        readonly output: unknown;
        readonly response?: { status: number; headers: Record<string, string> };
        readonly usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
        /**
         * The runs a sending step (`emit`, a `storage` queue send) asks for. Workers publish only
         * results: the orchestrator starts these once the result counts (an outstanding attempt of
         * a sending agent), each named after the attempt (`sentRunId`), so a retry starts nothing twice.
         */
        readonly sends?: readonly RequestedStart[];
      }
    | {
        readonly ok: false;
        readonly error: AgentErrorInfo;
        readonly retryable?: boolean;
        /**
         * The attempt never reached the remote: an open circuit breaker refused it. It does not count
         * as an attempt; the engine defers it to this time (ISO 8601, the breaker's next probe).
         */
        readonly deferredUntil?: string;
      };
}

export type TimerKind = 'retry' | 'attempt-timeout' | 'wait-timeout' | 'run-timeout' | 'sleep';

export interface TimerFired extends CommandBase {
  readonly type: 'TimerFired';
  readonly timerId: string;
  readonly kind: TimerKind;
  readonly agent?: string;
  readonly iteration?: number;
  readonly attempt?: number;
}

export interface ResolveWait extends CommandBase {
  readonly type: 'ResolveWait';
  readonly key: string;
  readonly value: unknown;
}

export interface CancelRun extends CommandBase {
  readonly type: 'CancelRun';
  readonly reason: string;
  /**
   * Who asked: a user through the API (the default, also for commands written before this field),
   * or a run's decision (a parent that no longer waits for its child, a concurrency slot taken).
   * It chooses the inbox subject, so each service may publish only its own.
   */
  readonly requestedBy?: 'api' | 'run';
}

/** Sent to a parent run when a child run started by a `run` agent ends. */
export interface ChildRunEnded extends CommandBase {
  readonly type: 'ChildRunEnded';
  readonly childRunId: string;
  readonly agent: string;
  readonly iteration: number;
  readonly status: 'completed' | 'failed' | 'timed_out' | 'cancelled';
  readonly output?: unknown;
  readonly error?: AgentErrorInfo;
}

/** Sent by the concurrency coordinator when a queued run may start. */
export interface AdmitRun extends CommandBase {
  readonly type: 'AdmitRun';
}

export type Command = StartRun | TaskResult | TimerFired | ResolveWait | CancelRun | ChildRunEnded | AdmitRun;
export type CommandType = Command['type'];

/**
 * The revision a child run's StartRun names: its parent's definition cannot know the child
 * ensemble's current revision, so the orchestrator pins the latest when the start arrives.
 */
export const LATEST_REVISION = 0;

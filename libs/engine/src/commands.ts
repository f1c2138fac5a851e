/**
 * Commands and results the orchestrator receives on `baton.inbox.<runId>`. Every command carries a
 * unique `commandId` (used as the causation id and for idempotent appends) and the time `at` at
 * which it was issued: the engine reads no clock.
 */
import type { AgentErrorInfo, TriggerInfo } from './events';

interface CommandBase {
  readonly runId: string;
  readonly commandId: string;
  readonly at: string; // ISO 8601
  readonly traceparent?: string;
}

export interface StartRun extends CommandBase {
  readonly type: 'StartRun';
  readonly ensemble: string;
  readonly revision: number;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  readonly parent?: { readonly runId: string; readonly agent: string; readonly iteration: number };
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
      }
    | { readonly ok: false; readonly error: AgentErrorInfo; readonly retryable?: boolean };
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

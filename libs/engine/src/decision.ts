/**
 * What `decide` returns: events to append to the run's log, tasks for the workers, durable timers
 * for the scheduler, and commands for other runs (a child run to start, a parent to tell).
 */
import type { Timer } from '@baton/intake';
import type { Command } from './commands';
import type { RunEvent } from './events';
import type { Operation } from '@baton/model';

// A durable timer a decision asks for: its type lives with the Timers port in @baton/intake.
export type { Timer };

/** The view of a finished (or skipped) agent that expressions see as `<agent-name>`. */
export interface AgentView {
  readonly output: unknown;
  readonly outputs: readonly unknown[];
  readonly success: boolean;
  readonly failed: boolean;
  readonly executed: boolean;
  readonly skipped: boolean;
  readonly error?: { readonly message: string; readonly code: string };
  readonly attempts: number;
  readonly duration?: number; // ms
  readonly response?: { readonly status: number; readonly headers: Record<string, string> };
  /** A `think` agent's token counts. */
  readonly usage?: {
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly totalTokens: number;
  };
}

/**
 * The run scope a task's `input` and `config` expressions name — never their evaluated values, so
 * secrets read from `env` are only ever read by the worker that runs the task.
 */
export interface TaskScope {
  readonly input?: unknown;
  readonly state?: Record<string, unknown>;
  /** Views of the agents the expressions reference, by name. */
  readonly agents: Record<string, AgentView>;
  readonly loop?: { readonly item: unknown; readonly index: number };
  readonly execution: { readonly id: string; readonly startedAt: string; readonly trigger: unknown };
  readonly ensemble: { readonly name: string; readonly version?: string; readonly revision: number };
  /**
   * For the `notify` task of a `wait` agent: the key that resolves the wait, and its time-out
   * (ISO 8601) when it has one, when its approval links expire.
   */
  readonly wait?: { readonly key: string; readonly expiresAt?: string };
}

export interface Task {
  /** `<runId>:<agent>:<iteration>:<attempt>`: unique per attempt, used as the message dedupe id. */
  readonly taskId: string;
  /** `<runId>:<agent>:<iteration>`: stable across attempts, sent as `Idempotency-Key`. */
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly agent: string;
  readonly operation: Operation;
  readonly iteration: number;
  readonly attempt: number;
  readonly timeoutMs?: number;
  readonly scope: TaskScope;
  readonly traceparent?: string;
}

export interface Decision {
  readonly events: readonly RunEvent[];
  readonly tasks: readonly Task[];
  readonly timers: readonly Timer[];
  /** Timer ids that are no longer needed (an attempt finished before its time-out, a wait resolved). */
  readonly cancelledTimers: readonly string[];
  /** Commands for other runs' inboxes (child starts, parent notifications, cancels). */
  readonly commands: readonly Command[];
}

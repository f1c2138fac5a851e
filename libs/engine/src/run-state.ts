/**
 * The state of one run: the fold of its events (see evolve.ts). Immutable; every update shares what
 * it does not change, so folding is cheap and old states stay valid.
 */
import type { AgentErrorInfo, TriggerInfo } from './events';

export type RunStatus = 'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
export type AgentStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';
/** `retrying`: the attempt failed and the next one waits for its back-off timer. */
export type IterationStatus = 'running' | 'retrying' | 'waiting' | 'succeeded' | 'failed';

export interface HttpResponseInfo {
  readonly status: number;
  readonly headers: Record<string, string>;
}

/** Token counts of a `think` agent's model call (`x.usage`). */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** One execution of an agent: the only one for a plain agent, one per item for a loop. */
export interface IterationState {
  readonly status: IterationStatus;
  /** The open (or last) attempt, 1-based. */
  readonly attempt: number;
  /** Id of that attempt (`<runId>:<agent>:<iteration>:<attempt>`); a result must name it to count. */
  readonly taskId: string;
  readonly item?: unknown;
  readonly output?: unknown;
  readonly error?: AgentErrorInfo;
  readonly response?: HttpResponseInfo;
  readonly usage?: TokenUsage;
  /** When the first attempt was scheduled. */
  readonly startedAt: string;
  /** When the open attempt was scheduled (a worker may start it later: see AgentStarted). */
  readonly attemptStartedAt: string;
  /** When a worker began the open attempt (AgentStarted), until its outcome. */
  readonly workerStartedAt?: string;
  readonly finishedAt?: string;
  /** The attempt a pending retry timer will start (the same attempt again after a deferral). */
  readonly nextAttempt?: number;
  /**
   * How many times an open breaker deferred this iteration's attempts (AgentDeferred); part of the
   * ids of its later tasks and timers, so a sending again never reuses one. Absent: none.
   */
  readonly deferrals?: number;
  /** Key of the open wait, while the iteration waits. */
  readonly waitKey?: string;
}

export interface AgentState {
  readonly status: AgentStatus;
  /** A loop's items, recorded once when the loop starts; absent for a plain agent. */
  readonly items?: readonly unknown[];
  /** Indexed by iteration; scheduled in order, so never sparse. */
  readonly iterations: readonly IterationState[];
  /** Iterations that have succeeded, so a loop knows it is done without scanning. */
  readonly succeededCount: number;
  readonly output?: unknown;
  readonly outputs?: readonly unknown[];
  readonly error?: AgentErrorInfo;
  readonly response?: HttpResponseInfo;
  readonly usage?: TokenUsage;
  /** Highest attempt number any iteration reached. */
  readonly attempts: number;
  /**
   * Time the agent's worker attempts spent in the task queue (scheduled → the worker's start) and
   * running (the worker's start → outcome), summed over attempts and items; absent until a worker
   * reported a start (operations the orchestrator runs itself never do).
   */
  readonly queuedMs?: number;
  readonly runningMs?: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly skipReason?: 'condition' | 'run-ended';
}

export interface OpenWait {
  readonly agent: string;
  readonly iteration: number;
  readonly attempt: number;
  /** Set when the wait has a time-out timer. */
  readonly timeoutAt?: string;
}

export interface RunState {
  readonly runId?: string;
  readonly status: RunStatus;
  readonly ensemble?: string;
  readonly revision?: number;
  readonly input?: unknown;
  readonly trigger?: TriggerInfo;
  readonly parent?: { readonly runId: string; readonly agent: string; readonly iteration: number };
  readonly concurrencyKey?: string;
  /** The trace the run belongs to (from the command that requested it). */
  readonly traceparent?: string;
  /** The run's shared state values (`state.set`). */
  readonly state: Readonly<Record<string, unknown>>;
  readonly agents: Readonly<Record<string, AgentState>>;
  /** Seq of the last event folded; 0 for a run with no events. */
  readonly seq: number;
  readonly requestedAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly output?: unknown;
  readonly error?: AgentErrorInfo & { readonly agent?: string };
  /** Open waits by key: what ResolveWait may resolve. */
  readonly waits: Readonly<Record<string, OpenWait>>;
}

const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set([
  'completed',
  'failed',
  'timed_out',
  'cancelled',
]);
const FINISHED_AGENT_STATUSES: ReadonlySet<AgentStatus> = new Set(['succeeded', 'failed', 'skipped']);

export function initialRunState(): RunState {
  return { status: 'pending', state: {}, agents: {}, seq: 0, waits: {} };
}

export function isTerminalRun(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.has(status);
}

/** Finished means succeeded, failed or skipped: what lets the agents that depend on it start. */
export function isFinishedAgent(agent: AgentState | undefined): boolean {
  return agent !== undefined && FINISHED_AGENT_STATUSES.has(agent.status);
}

export function isOpenIteration(iteration: IterationState): boolean {
  return iteration.status === 'running' || iteration.status === 'retrying' || iteration.status === 'waiting';
}

export const PENDING_AGENT: AgentState = Object.freeze({
  status: 'pending',
  iterations: Object.freeze([]) as readonly IterationState[],
  succeededCount: 0,
  attempts: 0,
});

/**
 * Command builders for the engine's tests. Times are seconds after T0 (2025-01-01T00:00:00Z) so
 * expected due times read plainly; the run is `run-1` unless said otherwise.
 */
import type {
  AdmitRun,
  CancelRun,
  ChildRunEnded,
  ResolveWait,
  StartRun,
  TaskResult,
  TimerFired,
} from '../commands';
import type { Timer } from '../decision';
import type { AgentErrorInfo } from '../events';
import { attemptId } from '@baton/intake';

export const RUN_ID = 'run-1';
export const T0 = Date.parse('2025-01-01T00:00:00.000Z');

/** The ISO time `seconds` after T0. */
export function at(seconds = 0): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

let sequence = 0;
function commandId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

interface When {
  readonly at?: number;
  readonly runId?: string;
}

export function startRun(
  options: When & Partial<Pick<StartRun, 'input' | 'revision' | 'parent' | 'trigger' | 'traceparent'>> = {},
): StartRun {
  return {
    type: 'StartRun',
    runId: options.runId ?? RUN_ID,
    commandId: commandId('start'),
    at: at(options.at),
    ensemble: 'test-ensemble',
    revision: options.revision ?? 1,
    input: options.input ?? {},
    trigger: options.trigger ?? { type: 'manual' },
    ...(options.parent === undefined ? {} : { parent: options.parent }),
    ...(options.traceparent === undefined ? {} : { traceparent: options.traceparent }),
  };
}

export function admitRun(options: When = {}): AdmitRun {
  return {
    type: 'AdmitRun',
    runId: options.runId ?? RUN_ID,
    commandId: commandId('admit'),
    at: at(options.at),
  };
}

interface AttemptOptions extends When {
  readonly iteration?: number;
  readonly attempt?: number;
  /** The iteration's deferrals before this sending (part of its task id). */
  readonly deferrals?: number;
}

export function taskSucceeded(
  agent: string,
  output: unknown,
  options: AttemptOptions & {
    readonly response?: { status: number; headers: Record<string, string> };
    readonly usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
  } = {},
): TaskResult {
  return taskResult(agent, options, {
    ok: true,
    output,
    ...(options.response === undefined ? {} : { response: options.response }),
    ...(options.usage === undefined ? {} : { usage: options.usage }),
  });
}

/** A worker's report that an open circuit breaker refused the attempt, until `until` seconds after T0. */
export function taskDeferred(agent: string, until: number, options: AttemptOptions = {}): TaskResult {
  return taskResult(agent, options, {
    ok: false,
    error: { code: 'circuit-open', message: "circuit 'http:api' is open" },
    retryable: true,
    deferredUntil: at(until),
  });
}

export function taskFailed(
  agent: string,
  error: AgentErrorInfo = { code: 'error', message: 'it broke' },
  options: AttemptOptions & { readonly retryable?: boolean } = {},
): TaskResult {
  return taskResult(agent, options, {
    ok: false,
    error,
    ...(options.retryable === undefined ? {} : { retryable: options.retryable }),
  });
}

function taskResult(agent: string, options: AttemptOptions, outcome: TaskResult['outcome']): TaskResult {
  const runId = options.runId ?? RUN_ID;
  const iteration = options.iteration ?? 0;
  const attempt = options.attempt ?? 1;
  return {
    type: 'TaskResult',
    runId,
    commandId: commandId('result'),
    at: at(options.at),
    taskId: attemptId(runId, agent, iteration, attempt, options.deferrals ?? 0),
    agent,
    iteration,
    attempt,
    outcome,
  };
}

/** The command a scheduled timer delivers, optionally at another time than its due time. */
export function fired(timer: Timer, options: { readonly at?: number } = {}): TimerFired {
  const command = timer.command as TimerFired;
  return options.at === undefined ? command : { ...command, at: at(options.at) };
}

export function timerFired(
  kind: TimerFired['kind'],
  target: { agent?: string; iteration?: number; attempt?: number; deferrals?: number } = {},
  options: When = {},
): TimerFired {
  const runId = options.runId ?? RUN_ID;
  const attempt = attemptId(
    runId,
    target.agent ?? '',
    target.iteration ?? 0,
    target.attempt ?? 1,
    target.deferrals ?? 0,
  );
  const timerId = kind === 'run-timeout' ? `${runId}:run-timeout` : `${attempt}:${kind}`;
  return {
    type: 'TimerFired',
    runId,
    commandId: timerId,
    at: at(options.at),
    timerId,
    kind,
    ...(kind === 'run-timeout'
      ? {}
      : { agent: target.agent, iteration: target.iteration ?? 0, attempt: target.attempt ?? 1 }),
  };
}

export function resolveWait(key: string, value: unknown, options: When = {}): ResolveWait {
  return {
    type: 'ResolveWait',
    runId: options.runId ?? RUN_ID,
    commandId: commandId('resolve'),
    at: at(options.at),
    key,
    value,
  };
}

export function cancelRun(reason = 'cancelled by a test', options: When = {}): CancelRun {
  return {
    type: 'CancelRun',
    runId: options.runId ?? RUN_ID,
    commandId: commandId('cancel'),
    at: at(options.at),
    reason,
  };
}

export function childRunEnded(
  child: Pick<ChildRunEnded, 'childRunId' | 'agent' | 'status'> &
    Partial<Pick<ChildRunEnded, 'iteration' | 'output' | 'error'>>,
  options: When = {},
): ChildRunEnded {
  return {
    type: 'ChildRunEnded',
    runId: options.runId ?? RUN_ID,
    commandId: commandId('child'),
    at: at(options.at),
    iteration: 0,
    ...child,
  };
}

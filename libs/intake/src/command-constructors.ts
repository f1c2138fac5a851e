/**
 * The one way to build each command: ids come from `ids.ts`, so whoever sends a command (ingress,
 * a worker, the scheduler, the orchestrator, the engine's decisions) names it the same way. Pure:
 * the time `at` comes in with the arguments.
 */
import {
  type AdmitRun,
  type AgentErrorInfo,
  type CancelRun,
  type ChildRunEnded,
  LATEST_REVISION,
  type ResolveWait,
  type StartRun,
  type TaskResult,
  type TimerFired,
  type TimerKind,
  type TriggerInfo,
} from './commands';
import type { Timer } from './delivery';
import {
  admitCommandId,
  type CancelCause,
  cancelCommandId,
  childEndedCommandId,
  childRunId,
  delayedStartTimerId,
  resolveCommandId,
  resultCommandId,
  startCommandId,
  timerFiredCommandId,
} from './ids';

interface Traced {
  readonly traceparent?: string;
}

function traced(traceparent: string | undefined): { traceparent?: string } {
  return traceparent ? { traceparent } : {};
}

export interface StartRunFields extends Traced {
  readonly runId: string;
  readonly at: string;
  readonly ensemble: string;
  readonly revision: number;
  readonly input: unknown;
  readonly trigger: TriggerInfo;
  readonly parent?: StartRun['parent'];
}

export function startRun(fields: StartRunFields): StartRun {
  return {
    type: 'StartRun',
    runId: fields.runId,
    commandId: startCommandId(fields.runId),
    at: fields.at,
    ...traced(fields.traceparent),
    ensemble: fields.ensemble,
    revision: fields.revision,
    input: fields.input,
    trigger: fields.trigger,
    ...(fields.parent === undefined ? {} : { parent: fields.parent }),
  };
}

/** The timer that delivers a delayed start (a `storage` send with `delay`) when it is due. */
export function delayedStart(command: StartRun, dueAt: string): Timer {
  return { timerId: delayedStartTimerId(command.runId), runId: command.runId, dueAt, command };
}

/** The attempt of a `run` agent that starts a child, and what the child runs. */
export interface ChildStartFields extends Traced {
  readonly parentRunId: string;
  readonly agent: string;
  readonly iteration: number;
  readonly attempt: number;
  readonly at: string;
  readonly ensemble: string;
  readonly input: unknown;
}

/** A child run's start: its id derived from the parent's attempt, its revision pinned on arrival. */
export function childStart(fields: ChildStartFields): StartRun {
  return startRun({
    runId: childRunId(fields.parentRunId, fields.agent, fields.iteration, fields.attempt),
    at: fields.at,
    traceparent: fields.traceparent,
    ensemble: fields.ensemble,
    revision: LATEST_REVISION,
    input: fields.input,
    trigger: { type: 'child', parentRunId: fields.parentRunId, agent: fields.agent },
    parent: { runId: fields.parentRunId, agent: fields.agent, iteration: fields.iteration },
  });
}

/** The task attempt a result reports on (a Task has these fields). */
export interface ReportedAttempt extends Traced {
  readonly runId: string;
  readonly taskId: string;
  readonly agent: string;
  readonly iteration: number;
  readonly attempt: number;
}

export function taskResult(
  task: ReportedAttempt,
  fields: { readonly at: string; readonly startedAt?: string; readonly outcome: TaskResult['outcome'] },
): TaskResult {
  return {
    type: 'TaskResult',
    runId: task.runId,
    commandId: resultCommandId(task.taskId),
    at: fields.at,
    ...traced(task.traceparent),
    taskId: task.taskId,
    agent: task.agent,
    iteration: task.iteration,
    attempt: task.attempt,
    ...(fields.startedAt === undefined ? {} : { startedAt: fields.startedAt }),
    outcome: fields.outcome,
  };
}

export function cancelRun(
  fields: Traced & {
    readonly runId: string;
    readonly at: string;
    readonly reason: string;
    readonly cause: CancelCause;
  },
): CancelRun {
  return {
    type: 'CancelRun',
    runId: fields.runId,
    commandId: cancelCommandId(fields.runId, fields.cause),
    at: fields.at,
    ...traced(fields.traceparent),
    reason: fields.reason,
    requestedBy: fields.cause === 'api' ? 'api' : 'run',
  };
}

export function resolveWait(
  fields: Traced & {
    readonly runId: string;
    readonly at: string;
    readonly key: string;
    /** The wait entry's revision in `baton_waits`: which opening of the key this resolves. */
    readonly opening: number;
    readonly value: unknown;
  },
): ResolveWait {
  return {
    type: 'ResolveWait',
    runId: fields.runId,
    commandId: resolveCommandId(fields.runId, fields.key, fields.opening),
    at: fields.at,
    ...traced(fields.traceparent),
    key: fields.key,
    value: fields.value,
  };
}

export function admitRun(fields: Traced & { readonly runId: string; readonly at: string }): AdmitRun {
  return {
    type: 'AdmitRun',
    runId: fields.runId,
    commandId: admitCommandId(fields.runId),
    at: fields.at,
    ...traced(fields.traceparent),
  };
}

/** What a timer delivers when due: `at` is its due time, its command id the timer's id. */
export function timerFired(
  fields: Traced & {
    readonly runId: string;
    readonly timerId: string;
    readonly kind: TimerKind;
    readonly dueAt: string;
    readonly agent?: string;
    readonly iteration?: number;
    readonly attempt?: number;
  },
): TimerFired {
  return {
    type: 'TimerFired',
    runId: fields.runId,
    commandId: timerFiredCommandId(fields.timerId),
    at: fields.dueAt,
    ...traced(fields.traceparent),
    timerId: fields.timerId,
    kind: fields.kind,
    ...(fields.agent === undefined ? {} : { agent: fields.agent }),
    ...(fields.iteration === undefined ? {} : { iteration: fields.iteration }),
    ...(fields.attempt === undefined ? {} : { attempt: fields.attempt }),
  };
}

/** Tells a parent run that its child ended (or could not start: `status: 'failed'` with the reason). */
export function childRunEnded(
  fields: Traced & {
    readonly parent: NonNullable<StartRun['parent']>;
    readonly childRunId: string;
    readonly at: string;
    readonly status: ChildRunEnded['status'];
    readonly output?: unknown;
    readonly error?: AgentErrorInfo;
  },
): ChildRunEnded {
  return {
    type: 'ChildRunEnded',
    runId: fields.parent.runId,
    commandId: childEndedCommandId(fields.childRunId),
    at: fields.at,
    ...traced(fields.traceparent),
    childRunId: fields.childRunId,
    agent: fields.parent.agent,
    iteration: fields.parent.iteration,
    status: fields.status,
    ...(fields.status === 'completed' ? { output: fields.output } : {}),
    ...(fields.error === undefined ? {} : { error: fields.error }),
  };
}

/**
 * Starting one attempt of one iteration: an AgentScheduled, then what the operation needs. I/O
 * operations become tasks for the workers; transform, sleep, wait and run are handled here.
 */
import { templatedConfig, type AgentDefinition } from '@baton/model';
import { attemptId, idempotencyKey } from '@baton/intake';
import { startChildRun } from './child-runs';
import { configDuration } from './config-duration';
import { type DecisionDraft, agentState, emit, redacted } from './decision-draft';
import { type LoopScope, evaluate } from './evaluation';
import { isTaskOperation, type OrchestratorOperation } from './operation-kinds';
import { type AttemptRef, failAttempt, succeedAttempt } from './outcomes';
import { taskScope } from './task-scope';
import { scheduleAgentTimer } from './timers';
import { startWait } from './waits';

/** `items` is given for a loop's first item: they are recorded in its AgentScheduled. */
export function startAttempt(
  draft: DecisionDraft,
  agent: AgentDefinition,
  iteration: number,
  attempt: number,
  items?: unknown[],
): void {
  const deferrals = agentState(draft, agent.name).iterations[iteration]?.deferrals ?? 0;
  const taskId = attemptId(draft.runId, agent.name, iteration, attempt, deferrals);
  const loop = loopScope(draft, agent, iteration, items);
  emit(draft, 'AgentScheduled', {
    agent: agent.name,
    iteration,
    attempt,
    taskId,
    ...(loop === undefined ? {} : { item: loop.item }),
    ...(items === undefined ? {} : { items }),
  });
  const ref: AttemptRef = { iteration, attempt, taskId };
  if (isTaskOperation(agent.operation)) dispatchTask(draft, agent, ref, loop);
  else ORCHESTRATED_STARTS[agent.operation](draft, agent, ref, loop);
}

type AttemptStart = (draft: DecisionDraft, agent: AgentDefinition, ref: AttemptRef, loop?: LoopScope) => void;

/** How each operation the orchestrator carries out itself starts (one per ORCHESTRATOR_OPERATIONS entry). */
const ORCHESTRATED_STARTS: Readonly<Record<OrchestratorOperation, AttemptStart>> = {
  transform: runTransform,
  sleep: startSleep,
  wait: startWait,
  run: startChildRun,
};

/** `loop.item` / `loop.index` of an iteration; undefined for an agent without a loop. */
export function loopScope(
  draft: DecisionDraft,
  agent: AgentDefinition,
  iteration: number,
  items: readonly unknown[] | undefined = agentState(draft, agent.name).items,
): LoopScope | undefined {
  return agent.loop === undefined ? undefined : { item: items?.[iteration], index: iteration };
}

function runTransform(draft: DecisionDraft, agent: AgentDefinition, ref: AttemptRef, loop?: LoopScope): void {
  const result = evaluate(draft, agent.config.value, loop);
  if (result.ok) {
    succeedAttempt(draft, agent, ref, redacted(draft, result.value));
  } else {
    // Evaluating again would give the same error: no retry.
    failAttempt(
      draft,
      agent,
      ref,
      { code: 'expression', message: `transform '${agent.name}': ${result.message}` },
      false,
    );
  }
}

function startSleep(draft: DecisionDraft, agent: AgentDefinition, ref: AttemptRef, loop?: LoopScope): void {
  const duration = configDuration(draft, agent, 'duration', loop);
  if (!duration.ok) {
    failAttempt(
      draft,
      agent,
      ref,
      { code: 'config', message: `sleep '${agent.name}': ${duration.message}` },
      false,
    );
    return;
  }
  scheduleAgentTimer(draft, 'sleep', agent.name, ref.iteration, ref.attempt, duration.ms);
}

function dispatchTask(draft: DecisionDraft, agent: AgentDefinition, ref: AttemptRef, loop?: LoopScope): void {
  const { state } = draft;
  const traceparent = draft.command.traceparent ?? state.traceparent;
  draft.tasks.push({
    taskId: ref.taskId,
    idempotencyKey: idempotencyKey(draft.runId, agent.name, ref.iteration),
    runId: draft.runId,
    ensemble: state.ensemble ?? draft.definition.name,
    revision: state.revision ?? 0,
    agent: agent.name,
    operation: agent.operation,
    iteration: ref.iteration,
    attempt: ref.attempt,
    ...(agent.timeoutMs === undefined ? {} : { timeoutMs: agent.timeoutMs }),
    scope: taskScope(draft, agent, [agent.input, templatedConfig(agent)], loop),
    ...(traceparent === undefined ? {} : { traceparent }),
  });
  if (agent.timeoutMs !== undefined) {
    scheduleAgentTimer(draft, 'attempt-timeout', agent.name, ref.iteration, ref.attempt, agent.timeoutMs);
  }
}

/**
 * The `wait` operation: the iteration waits under a key until a ResolveWait names it (the value is
 * the agent's output) or its time-out fires (`onTimeout: continue` → `default`, `fail` → failure).
 * When `notify` is set, a `notify` task announces the wait; its own result does not affect it.
 */
import type { AgentDefinition } from '@baton/model';
import type { ResolveWait } from '../commands';
import { idempotencyKey } from '@baton/intake';
import { configDuration } from './config-duration';
import { type DecisionDraft, agentDefinition, agentState, emit, isoAfter, redacted } from './decision-draft';
import { type LoopScope, evaluate } from './evaluation';
import { type AttemptRef, failAttempt, succeedAttempt } from './outcomes';
import { taskScope } from './task-scope';
import { cancelAgentTimer, scheduleAgentTimer } from './timers';

export function startWait(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  loop?: LoopScope,
): void {
  const fail = (code: string, message: string) =>
    failAttempt(draft, agent, ref, { code, message: `wait '${agent.name}': ${message}` }, false);
  const key = waitKey(draft, agent, ref.iteration, loop);
  if (!key.ok) return fail('config', key.message);
  let timeoutMs: number | undefined;
  if (agent.config.timeout !== undefined) {
    const duration = configDuration(draft, agent, 'timeout', loop);
    if (!duration.ok) return fail('config', duration.message);
    timeoutMs = duration.ms;
  }
  if (draft.state.waits[key.key] !== undefined) {
    return fail('wait-key-in-use', `another wait of this run is already open under the key ${key.key}`);
  }
  const timeoutAt = timeoutMs === undefined ? undefined : isoAfter(draft, timeoutMs);
  emit(draft, 'WaitStarted', {
    agent: agent.name,
    iteration: ref.iteration,
    key: key.key,
    ...(timeoutAt === undefined ? {} : { timeoutAt }),
  });
  if (timeoutMs !== undefined) {
    scheduleAgentTimer(draft, 'wait-timeout', agent.name, ref.iteration, ref.attempt, timeoutMs);
  }
  if (agent.config.notify !== undefined) announce(draft, agent, ref, { key: key.key, timeoutAt }, loop);
}

export function resolveWait(draft: DecisionDraft, command: ResolveWait): void {
  const wait = draft.state.waits[command.key];
  const agent = wait === undefined ? undefined : agentDefinition(draft, wait.agent);
  if (wait === undefined || agent === undefined) return;
  const iteration = agentState(draft, agent.name).iterations[wait.iteration];
  if (iteration?.status !== 'waiting' || iteration.attempt !== wait.attempt) return;
  emit(draft, 'WaitResolved', {
    agent: agent.name,
    iteration: wait.iteration,
    key: command.key,
    value: command.value,
  });
  if (wait.timeoutAt !== undefined)
    cancelAgentTimer(draft, 'wait-timeout', agent.name, wait.iteration, wait.attempt);
  const ref = { iteration: wait.iteration, attempt: iteration.attempt, taskId: iteration.taskId };
  succeedAttempt(draft, agent, ref, command.value);
}

export function timeOutWait(
  draft: DecisionDraft,
  agent: AgentDefinition,
  index: number,
  attempt: number,
  loop?: LoopScope,
): void {
  const iteration = agentState(draft, agent.name).iterations[index];
  if (iteration?.status !== 'waiting' || iteration.attempt !== attempt || iteration.waitKey === undefined)
    return;
  const key = iteration.waitKey;
  emit(draft, 'WaitTimedOut', { agent: agent.name, iteration: index, key });
  const ref = { iteration: index, attempt, taskId: iteration.taskId };
  const onTimeout = evaluate(draft, agent.config.onTimeout, loop);
  if (onTimeout.ok && onTimeout.value === 'fail') {
    const message = `wait '${agent.name}' was not resolved before its time-out (key ${key})`;
    failAttempt(draft, agent, ref, { code: 'wait-timeout', message }, false);
    return;
  }
  const fallback = evaluate(draft, agent.config.default, loop);
  if (fallback.ok) {
    succeedAttempt(draft, agent, ref, redacted(draft, fallback.value ?? null));
  } else {
    failAttempt(
      draft,
      agent,
      ref,
      { code: 'config', message: `wait '${agent.name}' default: ${fallback.message}` },
      false,
    );
  }
}

type WaitKey = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly message: string };

/** `config.key` when set, else `<runId>:<agent>` (`:<iteration>` added inside a loop, so keys stay unique). */
function waitKey(draft: DecisionDraft, agent: AgentDefinition, iteration: number, loop?: LoopScope): WaitKey {
  const fallback = `${draft.runId}:${agent.name}${loop === undefined ? '' : `:${iteration}`}`;
  const result = evaluate(draft, agent.config.key, loop);
  if (!result.ok) return { ok: false, message: `key: ${result.message}` };
  const value = result.value;
  if (value === undefined || value === null || value === '') return { ok: true, key: fallback };
  if (typeof value !== 'string' && typeof value !== 'number') {
    return {
      ok: false,
      message: `key must be a string, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    };
  }
  return { ok: true, key: redacted(draft, String(value)) };
}

/** The notice goes with the wait's key and time-out, so its approval links name the wait and expire with it. */
function announce(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  wait: { readonly key: string; readonly timeoutAt: string | undefined },
  loop?: LoopScope,
): void {
  const { state } = draft;
  const traceparent = draft.command.traceparent ?? state.traceparent;
  draft.tasks.push({
    taskId: `${ref.taskId}:notify`,
    idempotencyKey: `${idempotencyKey(draft.runId, agent.name, ref.iteration)}:notify`,
    runId: draft.runId,
    ensemble: state.ensemble ?? draft.definition.name,
    revision: state.revision ?? 0,
    agent: agent.name,
    operation: 'notify',
    iteration: ref.iteration,
    attempt: ref.attempt,
    scope: taskScope(draft, agent, [agent.input, agent.config.notify], loop, {
      key: wait.key,
      ...(wait.timeoutAt === undefined ? {} : { expiresAt: wait.timeoutAt }),
    }),
    ...(traceparent === undefined ? {} : { traceparent }),
  });
}

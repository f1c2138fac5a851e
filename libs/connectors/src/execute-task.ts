/**
 * The worker's one entry point: runs one task attempt and reports its outcome. It never throws for
 * a failure of the operation: every failure is a value with a code (see outcome.ts).
 *
 * Secrets are read here and only here: the agent's `input` and `config` are evaluated in the task's
 * scope with `env` = this worker's environment, every value read from `env` is recorded, and each
 * recorded value is redacted from the outcome (output, response and error message) before it
 * leaves the worker for the event log.
 */
import {
  templatedConfig,
  type AgentDefinition,
  type EnsembleDefinition,
  type Operation,
  type Value,
} from '@baton/model';
import type { Task } from '@baton/engine';
import { evaluateValue, ExpressionError, SecretSet, type Scope } from '@baton/expressions';
import { runBlob } from './blob/blob-operation';
import { runCode } from './code/code-operation';
import type { ApprovalLinks, ConnectorDeps } from './connector-deps';
import { runData } from './data/data-operation';
import { runEmail } from './email/email-operation';
import { runEmit } from './emit/emit-operation';
import { runHttp } from './http/http-operation';
import { toJsonValue } from './json-output';
import { runKv } from './kv/kv-operation';
import { runNotify } from './notify/notify-operation';
import type { OperationHandler, OperationRequest } from './operation';
import { failed, messageOf, OperationFailure, succeeded, type TaskOutcome } from './outcome';
import { recordingEnv } from './recording-env';
import { runSms } from './sms/sms-operation';
import { runStorage } from './storage/storage-operation';
import { runThink } from './think/think-operation';
import { runValidate } from './validate/validate-operation';

const HANDLERS: Partial<Record<Operation, OperationHandler>> = {
  code: runCode,
  validate: runValidate,
  http: runHttp,
  data: runData,
  storage: runStorage,
  kv: runKv,
  blob: runBlob,
  email: runEmail,
  sms: runSms,
  think: runThink,
  notify: runNotify,
  emit: runEmit,
};

/**
 * The operations this worker can run; the others fail with `unsupported-operation`. Operations the
 * orchestrator carries out itself (transform, sleep, wait, run) never become tasks.
 */
export const SUPPORTED_OPERATIONS = Object.keys(HANDLERS) as Operation[];

export async function executeTask(
  task: Task,
  definition: EnsembleDefinition,
  deps: ConnectorDeps,
): Promise<TaskOutcome> {
  const secrets = new SecretSet();
  // A run a step starts gets its input as the event log will hold it: secrets and what was
  // computed from them are `[redacted]`, as in the step's own outcome.
  const startRun = deps.startRun;
  const guarded: ConnectorDeps =
    startRun === undefined
      ? deps
      : { ...deps, startRun: (request) => startRun({ ...request, input: secrets.redact(request.input) }) };
  const outcome = await withTimeout(task.timeoutMs, (signal) =>
    attempt(task, definition, guarded, secrets, signal),
  );
  return secrets.redact(outcome);
}

async function attempt(
  task: Task,
  definition: EnsembleDefinition,
  deps: ConnectorDeps,
  secrets: SecretSet,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const agent = definition.agents.find((candidate) => candidate.name === task.agent);
  if (agent === undefined) {
    return failed(
      'unknown-agent',
      `agent '${task.agent}' is not part of ensemble '${definition.name}' revision ${task.revision}`,
      {
        retryable: false,
      },
    );
  }
  const handler = HANDLERS[task.operation];
  if (handler === undefined) {
    return failed(
      'unsupported-operation',
      `operation '${task.operation}' is not available in this worker yet`,
      { retryable: false },
    );
  }
  try {
    const request = operationRequest(task, definition, agent, deps, secrets, signal);
    const outcome = await handler(request);
    return outcome.ok ? succeeded(toJsonValue(outcome.output), outcome.response, outcome.usage) : outcome;
  } catch (error) {
    if (error instanceof OperationFailure) return error.outcome;
    if (error instanceof ExpressionError) {
      return failed('expression-error', `agent '${agent.name}': ${messageOf(error)}`, { retryable: false });
    }
    // A bug of this worker, not of the agent: report it, and let the engine's policy retry.
    return failed(
      'worker-error',
      `agent '${agent.name}' (${task.operation}) failed unexpectedly: ${messageOf(error)}`,
      { retryable: true },
    );
  }
}

function operationRequest(
  task: Task,
  definition: EnsembleDefinition,
  agent: AgentDefinition,
  deps: ConnectorDeps,
  secrets: SecretSet,
  signal: AbortSignal,
): OperationRequest {
  const links = approvalLinksOf(task, deps, secrets);
  const scope = { ...evaluationScope(task, definition, deps), ...links };
  // Expressions read no clock of their own: `Date.now()` / `new Date()` are this attempt's start.
  const now = deps.now?.() ?? Date.now();
  const evaluate = (value: Value): unknown => evaluateValue(value, scope, { secrets, now });
  return {
    task,
    definition,
    agent,
    input: agent.input === undefined ? task.scope.input : evaluate(agent.input),
    config: evaluate(templatedConfig(agent)) as Record<string, unknown>,
    evaluate,
    env: recordingEnv(deps.env, secrets),
    deps,
    ...(links === undefined ? {} : { approvalLinks: links }),
    signal,
  };
}

/**
 * The links of a wait's notice, signed by the worker (its key never travels). They are bearer
 * credentials, recorded as secrets so that an echo of them is redacted from the outcome and so
 * never reaches the event log.
 */
function approvalLinksOf(task: Task, deps: ConnectorDeps, secrets: SecretSet): ApprovalLinks | undefined {
  const wait = task.scope.wait;
  if (wait === undefined || deps.approvalLinks === undefined) return undefined;
  const links = deps.approvalLinks({
    runId: task.runId,
    waitKey: wait.key,
    ...(wait.expiresAt === undefined ? {} : { expiresAt: wait.expiresAt }),
  });
  secrets.record(links.approvalUrl);
  secrets.record(links.rejectionUrl);
  return links;
}

/** Names an agent's expressions see in the worker (dsl.md "Expressions"). */
function evaluationScope(task: Task, definition: EnsembleDefinition, deps: ConnectorDeps): Scope {
  const { scope } = task;
  return {
    ...scope.agents,
    input: scope.input,
    state: scope.state ?? {},
    ...(scope.loop === undefined ? {} : { loop: scope.loop }),
    execution: scope.execution,
    ensemble: scope.ensemble,
    component: definition.components,
    // The process's snapshot itself (frozen, without prototype): nothing is copied per task.
    env: deps.env,
  };
}

/** Races the attempt against the task's time-out; the attempt's signal is aborted when it expires. */
async function withTimeout(
  timeoutMs: number | undefined,
  run: (signal: AbortSignal) => Promise<TaskOutcome>,
): Promise<TaskOutcome> {
  const controller = new AbortController();
  if (timeoutMs === undefined || timeoutMs <= 0) return run(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<TaskOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(failed('timeout', `the attempt did not finish within ${timeoutMs}ms`, { retryable: true }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `code` operation: runs a script's default export, or an inline `config.code` body, with the
 * context the DSL promises (`input`, `state`, `env`, `execution`, `ensemble`), in a sandbox process
 * of the revision (sandbox/): never in the worker's own process. Whatever the code returns is the
 * output; whatever it throws is the agent's failure (`script-error`, retryable: the engine's retry
 * policy decides).
 *
 * `context.env` holds the variables the ensemble's expressions name. Each of their values is
 * recorded as a secret before the step runs (the code may read any of them, through `context.env`
 * or `process.env`), so every one is redacted from the outcome.
 */
import { createHash } from 'node:crypto';
import type { OperationRequest } from '../operation';
import { invalidConfig, succeeded, type TaskOutcome } from '../outcome';
import { namedEnvVariables } from './env-names';
import { CodeSandboxes } from './sandbox/code-sandboxes';
import type { SandboxEntry } from './sandbox/sandbox-protocol';
import { revisionCode, scriptFile } from './script-modules';

let sharedSandboxes: CodeSandboxes | undefined;

/** The worker's sandboxes when it passes none (its idle processes never keep it alive). */
function sandboxesOf(request: OperationRequest): CodeSandboxes {
  return request.deps.codeSandboxes ?? (sharedSandboxes ??= new CodeSandboxes());
}

export async function runCode(request: OperationRequest): Promise<TaskOutcome> {
  const { task, definition } = request;
  const entry = entryOf(request);
  const code = revisionCode(definition);
  const env = exposedEnv(request);
  const fingerprint = createHash('sha256').update(code.digest).update(JSON.stringify(env)).digest('hex');
  const reply = await sandboxesOf(request).run(
    {
      pool: `${definition.name}@${task.revision}`,
      fingerprint,
      init: () => ({
        type: 'init',
        ensemble: definition.name,
        revision: task.revision,
        env,
        modules: code.modules,
      }),
      entry,
      context: {
        input: request.input,
        state: task.scope.state ?? {},
        execution: task.scope.execution,
        ensemble: task.scope.ensemble,
      },
      // A step without its own time-out is still bounded: by the run's.
      limitMs: task.timeoutMs ?? definition.timeoutMs,
    },
    request.signal,
  );
  return reply.ok ? succeeded(reply.output) : reply.outcome;
}

/** Reads each named variable through the recording env, so each value is redacted from the outcome. */
function exposedEnv(request: OperationRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of namedEnvVariables(request.definition)) {
    const value = request.env[name];
    if (typeof value === 'string') env[name] = value;
  }
  return env;
}

function entryOf(request: OperationRequest): SandboxEntry {
  const { task, definition, agent, config } = request;
  if (typeof config.script === 'string') {
    return { kind: 'script', file: scriptFile(definition, task.revision, config.script) };
  }
  // The raw body, not its evaluated value: `${…}` in JavaScript is a template literal, not an expression.
  const body = agent.config.code;
  if (typeof body === 'string') return { kind: 'inline', agent: agent.name, body };
  return invalidConfig(
    `agent '${agent.name}' (code) needs config.script (a scripts/… path) or config.code (a function body)`,
  );
}

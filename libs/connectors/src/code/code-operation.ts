/**
 * The `code` operation: runs a script's default export, or an inline `config.code` body, with the
 * context the DSL promises (`input`, `state`, `env`, `execution`, `ensemble`). Whatever the code
 * throws is the agent's failure (`script-error`, retryable: the engine's retry policy decides).
 */
import type { OperationRequest } from '../operation';
import { failed, invalidConfig, messageOf, succeeded, type TaskOutcome } from '../outcome';
import { inlineFunction } from './inline-code';
import { scriptEntryPoint } from './script-modules';

export async function runCode(request: OperationRequest): Promise<TaskOutcome> {
  const { task, agent, config, input, env } = request;
  const state = task.scope.state ?? {};
  const context = { input, state, env, execution: task.scope.execution, ensemble: task.scope.ensemble };
  const run = codeToRun(request);
  try {
    return succeeded(await run(context, input, state));
  } catch (error) {
    const where =
      typeof config.script === 'string'
        ? `script '${config.script}'`
        : `inline code of agent '${agent.name}'`;
    return failed('script-error', messageOf(error) || `${where} threw`, { retryable: true });
  }
}

function codeToRun(request: OperationRequest): (context: unknown, input: unknown, state: unknown) => unknown {
  const { task, definition, agent, config } = request;
  if (typeof config.script === 'string') {
    const entry = scriptEntryPoint(
      { ensemble: definition.name, revision: task.revision, files: definition.files },
      config.script,
    );
    return (context) => entry(context);
  }
  // The raw body, not its evaluated value: `${…}` in JavaScript is a template literal, not an expression.
  const body = agent.config.code;
  if (typeof body === 'string') return inlineFunction(definition.name, task.revision, agent.name, body);
  return invalidConfig(
    `agent '${agent.name}' (code) needs config.script (a scripts/… path) or config.code (a function body)`,
  );
}

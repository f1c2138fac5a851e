/**
 * The `run` operation: start a child run (a StartRun for the child's inbox, its id derived from the
 * attempt) and finish with its output when it tells us it ended (ChildRunEnded).
 */
import type { AgentDefinition } from '@baton/model';
import type { ChildRunEnded } from '../commands';
import { childRunId } from '../identifiers';
import { type DecisionDraft, agentDefinition, agentState, redacted, traceOf } from './decision-draft';
import { type LoopScope, evaluate } from './evaluation';
import { type AttemptRef, failAttempt, succeedAttempt } from './outcomes';

/**
 * The child starts with revision 0, which asks the orchestrator for the child ensemble's current
 * revision: the parent's definition does not know it.
 */
export const LATEST_REVISION = 0;

export function startChildRun(
  draft: DecisionDraft,
  agent: AgentDefinition,
  ref: AttemptRef,
  loop?: LoopScope,
): void {
  const fail = (message: string) =>
    failAttempt(draft, agent, ref, { code: 'config', message: `run '${agent.name}': ${message}` }, false);
  const ensemble = evaluate(draft, agent.config.ensemble, loop);
  if (!ensemble.ok) return fail(`ensemble: ${ensemble.message}`);
  if (typeof ensemble.value !== 'string' || ensemble.value === '')
    return fail('ensemble must name an ensemble');
  const input = evaluate(draft, agent.config.input ?? agent.input, loop);
  if (!input.ok) return fail(`input: ${input.message}`);
  const child = childRunId(draft.runId, agent.name, ref.iteration, ref.attempt);
  draft.commands.push({
    type: 'StartRun',
    runId: child,
    commandId: `${child}:start`,
    at: draft.command.at,
    ...traceOf(draft),
    ensemble: ensemble.value,
    revision: LATEST_REVISION,
    input: redacted(draft, input.value ?? {}),
    trigger: { type: 'child', parentRunId: draft.runId, agent: agent.name },
    parent: { runId: draft.runId, agent: agent.name, iteration: ref.iteration },
  });
}

export function childRunEnded(draft: DecisionDraft, command: ChildRunEnded): void {
  const agent = agentDefinition(draft, command.agent);
  if (agent?.operation !== 'run') return;
  const iteration = agentState(draft, agent.name).iterations[command.iteration];
  if (iteration?.status !== 'running') return;
  if (childRunId(draft.runId, agent.name, command.iteration, iteration.attempt) !== command.childRunId)
    return;
  const ref = { iteration: command.iteration, attempt: iteration.attempt, taskId: iteration.taskId };
  if (command.status === 'completed') {
    succeedAttempt(draft, agent, ref, command.output ?? null);
    return;
  }
  const error = command.error ?? {
    code: `child-${command.status}`,
    message: `child run ${command.childRunId} ended ${command.status.replace('_', ' ')}`,
  };
  failAttempt(draft, agent, ref, error, undefined);
}

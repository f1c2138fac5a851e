/**
 * The `run` operation: start a child run (a StartRun for the child's inbox, its id derived from the
 * attempt) and finish with its output when it tells us it ended (ChildRunEnded).
 */
import type { AgentDefinition } from '@baton/model';
import { childRunId, childStart } from '@baton/intake';
import type { ChildRunEnded } from '../commands';
import { type DecisionDraft, agentDefinition, agentState, redacted, traceOf } from './decision-draft';
import { type LoopScope, evaluate } from './evaluation';
import { type AttemptRef, failAttempt, succeedAttempt } from './outcomes';

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
  draft.commands.push(
    childStart({
      parentRunId: draft.runId,
      agent: agent.name,
      iteration: ref.iteration,
      attempt: ref.attempt,
      at: draft.command.at,
      ...traceOf(draft),
      ensemble: ensemble.value,
      input: redacted(draft, input.value ?? {}),
    }),
  );
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

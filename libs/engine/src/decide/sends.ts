/**
 * The runs a sending step asks for (`emit`, a `storage` queue send). Workers publish results only:
 * the runs a step sends travel with its result and are started here, once the result counts, as
 * the decision's commands (or timers, for a delayed send). Replaying the result after a crash
 * decides the same sends again, and their run ids are named after the attempt, so a send starts its
 * runs exactly once. A start that this attempt could not have sent (another agent's operation, a
 * run id not named after this attempt) is dropped: a result cannot start arbitrary runs.
 */
import type { AgentDefinition, Operation } from '@baton/model';
import { delayedStart, idempotencyKey, sentRunId, type RequestedStart } from '@baton/intake';
import type { DecisionDraft } from './decision-draft';

const SENDING_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['emit', 'storage']);

export function startSentRuns(
  draft: DecisionDraft,
  agent: AgentDefinition,
  iteration: number,
  sends: readonly RequestedStart[] | undefined,
): void {
  if (sends === undefined || !SENDING_OPERATIONS.has(agent.operation)) return;
  const sender = idempotencyKey(draft.runId, agent.name, iteration);
  for (const { command, dueAt } of sends) {
    if (command?.type !== 'StartRun' || command.runId !== sentRunId(sender, command.ensemble)) continue;
    if (dueAt === undefined) draft.commands.push(command);
    else if (!Number.isNaN(Date.parse(dueAt))) draft.timers.push(delayedStart(command, dueAt));
  }
}

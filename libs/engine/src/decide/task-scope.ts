/**
 * The run scope a task carries: what its `input` and `config` expressions name, never their
 * values, so the worker evaluates them with its own environment and no secret travels.
 */
import type { AgentDefinition, Value } from '@baton/model';
import { valueReferences } from '@baton/expressions';
import { agentView } from '../agent-view';
import type { AgentView, TaskScope } from '../decision';
import { type DecisionDraft, agentDefinition } from './decision-draft';
import type { LoopScope } from './evaluation';

export function taskScope(
  draft: DecisionDraft,
  agent: AgentDefinition,
  values: readonly (Value | undefined)[],
  loop: LoopScope | undefined,
  wait?: TaskScope['wait'],
): TaskScope {
  const roots = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const chain of valueReferences(value)) if (chain.length > 0) roots.add(chain[0]);
  }
  const { state, definition } = draft;
  const agents: Record<string, AgentView> = {};
  for (const root of roots) {
    if (agentDefinition(draft, root) === undefined) continue;
    const view = agentView(state, root);
    if (view !== undefined) agents[root] = view;
  }
  // A script reads `context.state` without naming it in an expression; `state.use` declares reads too.
  const carriesState = roots.has('state') || agent.operation === 'code' || (agent.state?.use.length ?? 0) > 0;
  return {
    // A code agent without `input:` gets the run's input as `context.input`.
    ...(roots.has('input') || (agent.operation === 'code' && agent.input === undefined)
      ? { input: state.input }
      : {}),
    ...(carriesState ? { state: state.state } : {}),
    agents,
    ...(loop === undefined ? {} : { loop }),
    execution: {
      id: draft.runId,
      startedAt: state.startedAt ?? state.requestedAt ?? draft.command.at,
      trigger: state.trigger,
    },
    ensemble: { name: definition.name, version: definition.version, revision: state.revision ?? 0 },
    ...(wait === undefined ? {} : { wait }),
  };
}

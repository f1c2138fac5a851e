/**
 * Running the dependency graph: start every agent whose dependencies have all finished (condition
 * first, once per agent, then its loop items), keep loops fed up to their concurrency, and end the
 * run when no agent is left to finish.
 */
import type { AgentDefinition } from '@baton/model';
import { isFinishedAgent, isOpenIteration } from '../run-state';
import { startAttempt } from './attempts';
import { type DecisionDraft, agentDefinition, agentState, emit, redacted } from './decision-draft';
import { evaluate } from './evaluation';
import { failAgent, succeedWithoutAttempt } from './outcomes';
import { completeRun } from './run-end';

/** Repeats until nothing more can start: an agent finished on the spot (transform) may ready others. */
export function advance(draft: DecisionDraft): void {
  let progressed = true;
  while (progressed && draft.state.status === 'running') {
    progressed = false;
    for (const agent of draft.definition.agents) {
      const status = agentState(draft, agent.name).status;
      if (status === 'pending' && dependenciesFinished(draft, agent)) {
        startAgent(draft, agent);
        progressed = true;
      } else if ((status === 'running' || status === 'waiting') && agent.loop !== undefined) {
        progressed = feedLoop(draft, agent) || progressed;
      }
      if (draft.state.status !== 'running') return;
    }
  }
  if (
    draft.state.status === 'running' &&
    draft.definition.agents.every((a) => isFinishedAgent(draft.state.agents[a.name]))
  ) {
    completeRun(draft);
  }
}

function dependenciesFinished(draft: DecisionDraft, agent: AgentDefinition): boolean {
  // A name the definition does not hold cannot hold anything up.
  return agent.dependsOn.every(
    (name) => agentDefinition(draft, name) === undefined || isFinishedAgent(draft.state.agents[name]),
  );
}

function startAgent(draft: DecisionDraft, agent: AgentDefinition): void {
  if (agent.condition !== undefined) {
    const condition = evaluate(draft, agent.condition);
    if (!condition.ok) {
      failAgent(draft, agent, {
        code: 'condition',
        message: `condition of '${agent.name}': ${condition.message}`,
      });
      return;
    }
    if (!condition.value) {
      emit(draft, 'AgentSkipped', { agent: agent.name, reason: 'condition' });
      return;
    }
  }
  if (agent.loop === undefined) {
    startAttempt(draft, agent, 0, 1);
    return;
  }
  const items = evaluate(draft, agent.loop.items);
  if (!items.ok) {
    failAgent(draft, agent, {
      code: 'loop-items',
      message: `loop.items of '${agent.name}': ${items.message}`,
    });
    return;
  }
  if (!Array.isArray(items.value)) {
    const got = items.value === null ? 'null' : typeof items.value;
    failAgent(draft, agent, {
      code: 'loop-items',
      message: `loop.items of '${agent.name}' must be an array, got ${got}`,
    });
    return;
  }
  if (items.value.length === 0) {
    succeedWithoutAttempt(draft, agent, []);
    return;
  }
  startAttempt(draft, agent, 0, 1, redacted(draft, items.value));
  feedLoop(draft, agent);
}

/** Starts the loop's next items while fewer than `loop.concurrency` are open. */
function feedLoop(draft: DecisionDraft, agent: AgentDefinition): boolean {
  const concurrency = Math.max(1, agent.loop?.concurrency ?? 10);
  let current = agentState(draft, agent.name);
  const total = current.items?.length ?? 0;
  let open = current.iterations.filter(isOpenIteration).length;
  let started = false;
  while (
    open < concurrency &&
    current.iterations.length < total &&
    (current.status === 'running' || current.status === 'waiting')
  ) {
    const index = current.iterations.length;
    startAttempt(draft, agent, index, 1);
    started = true;
    current = agentState(draft, agent.name);
    const iteration = current.iterations[index];
    if (iteration !== undefined && isOpenIteration(iteration)) open += 1;
    if (draft.state.status !== 'running') break;
  }
  return started;
}

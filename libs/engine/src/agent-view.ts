/**
 * What expressions see as `<agent-name>`: only agents that have finished (succeeded, failed or been
 * skipped) have a view; the others are simply not in scope (undefined, so lenient access works).
 */
import type { AgentView } from './decision';
import { type AgentState, type RunState, isFinishedAgent } from './run-state';

// Agent states are immutable, so a view computed once per state object can be reused by every
// evaluation of a decision without copying.
const viewCache = new WeakMap<AgentState, AgentView>();

export function agentView(state: RunState, agentName: string): AgentView | undefined {
  const agent = state.agents[agentName];
  if (agent === undefined || !isFinishedAgent(agent)) return undefined;
  let view = viewCache.get(agent);
  if (view === undefined) {
    view = viewOf(agent);
    viewCache.set(agent, view);
  }
  return view;
}

function viewOf(agent: AgentState): AgentView {
  const executed = agent.status !== 'skipped';
  const duration =
    agent.startedAt !== undefined && agent.finishedAt !== undefined
      ? Date.parse(agent.finishedAt) - Date.parse(agent.startedAt)
      : undefined;
  return Object.freeze({
    output: agent.output,
    outputs: agent.outputs ?? [],
    success: agent.status === 'succeeded',
    failed: agent.status === 'failed',
    executed,
    skipped: !executed,
    error: agent.error === undefined ? undefined : { message: agent.error.message, code: agent.error.code },
    attempts: agent.attempts,
    duration: executed ? duration : undefined,
    response: agent.response,
    usage: agent.usage,
  });
}

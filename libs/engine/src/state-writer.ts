/**
 * Copy-on-write access to a RunState. A writer copies each container (the run, its agents map, an
 * agent, its iterations, its waits, its state values) the first time it changes it and edits its
 * own copy in place afterwards. `evolve` uses a fresh writer per event, so it never touches its
 * input; `foldEvents` uses one writer for a whole history, so a long run is folded without copying
 * its maps and arrays on every event. Objects it did not create are never modified.
 */
import {
  type AgentState,
  type IterationState,
  type OpenWait,
  PENDING_AGENT,
  type RunState,
} from './run-state';

export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export class StateWriter {
  private readonly owned = new WeakSet<object>();

  run(state: RunState): Writable<RunState> {
    return this.own(state, () => ({ ...state }));
  }

  agent(run: Writable<RunState>, name: string): Writable<AgentState> {
    const agents = this.own(run.agents, () => ({ ...run.agents })) as Record<string, AgentState>;
    run.agents = agents;
    const current = agents[name] ?? PENDING_AGENT;
    const agent = this.own(current, () => ({ ...current }));
    agents[name] = agent;
    return agent;
  }

  iterations(agent: Writable<AgentState>): IterationState[] {
    const iterations = this.own(agent.iterations as IterationState[], () => agent.iterations.slice());
    agent.iterations = iterations;
    return iterations;
  }

  waits(run: Writable<RunState>): Record<string, OpenWait> {
    const waits = this.own(run.waits as Record<string, OpenWait>, () => ({ ...run.waits }));
    run.waits = waits;
    return waits;
  }

  values(run: Writable<RunState>): Record<string, unknown> {
    const values = this.own(run.state as Record<string, unknown>, () => ({ ...run.state }));
    run.state = values;
    return values;
  }

  private own<T extends object>(value: T, copy: () => T): T {
    if (this.owned.has(value)) return value;
    const mine = copy();
    this.owned.add(mine);
    return mine;
  }
}

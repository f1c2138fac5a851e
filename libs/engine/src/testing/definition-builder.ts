/**
 * Typed builders of EnsembleDefinition objects for the engine's tests: the defaults the loader
 * applies, so a test states only what its rule is about.
 */
import type { AgentDefinition, EnsembleDefinition, Operation } from '@baton/model';

type AgentOptions = Partial<Omit<AgentDefinition, 'name' | 'operation'>>;

export function agent(name: string, operation: Operation, options: AgentOptions = {}): AgentDefinition {
  return {
    name,
    operation,
    config: {},
    retry: { maxAttempts: 1, backoff: 'exponential', initialDelayMs: 1000 },
    onError: 'fail',
    dependsOn: [],
    references: [],
    location: { file: 'test.yaml', line: 1, column: 1 },
    ...options,
  };
}

/** Agents in written order, each depending on the one before it (the loader's sequential mode). */
export function inSequence(...agents: AgentDefinition[]): AgentDefinition[] {
  return agents.map((entry, index) =>
    index === 0 ? entry : { ...entry, dependsOn: [...entry.dependsOn, agents[index - 1].name] },
  );
}

export function ensemble(
  agents: readonly AgentDefinition[],
  options: Partial<Omit<EnsembleDefinition, 'agents'>> = {},
): EnsembleDefinition {
  return {
    name: 'test-ensemble',
    execution: 'sequential',
    timeoutMs: 3_600_000,
    triggers: [],
    stateSchema: {},
    connections: {},
    templates: {},
    notifications: [],
    agents,
    files: {},
    components: {},
    source: 'test-ensemble.yaml',
    ...options,
  };
}

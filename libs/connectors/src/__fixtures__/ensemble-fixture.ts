/**
 * Test support: reads a small YAML file of this folder, written in the shape of the loaded model
 * (only what a test needs), and fills the model's defaults. The definition loader is not used here
 * so that these specs exercise the connectors alone.
 */
import type { AgentDefinition, EnsembleDefinition } from '@baton/model';
import type { Task } from '@baton/engine';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Loose<T> = { -readonly [K in keyof T]?: T[K] };

export function loadEnsembleFixture(file: string): EnsembleDefinition {
  const raw = parse(readFileSync(join(__dirname, file), 'utf8')) as Omit<
    Loose<EnsembleDefinition>,
    'agents'
  > & {
    agents?: Array<Loose<AgentDefinition>>;
  };
  return {
    name: raw.name ?? file.replace(/\.ya?ml$/, ''),
    execution: 'sequential',
    timeoutMs: 3_600_000,
    triggers: [],
    stateSchema: {},
    connections: {},
    templates: {},
    notifications: [],
    files: {},
    components: {},
    source: file,
    ...raw,
    agents: (raw.agents ?? []).map((agent) => ({
      name: agent.name ?? 'agent',
      operation: agent.operation ?? 'code',
      config: {},
      retry: { maxAttempts: 1, backoff: 'exponential', initialDelayMs: 1000 },
      onError: 'fail',
      dependsOn: [],
      references: [],
      location: { file, line: 1, column: 1 },
      ...agent,
    })),
  } as EnsembleDefinition;
}

/** The task the orchestrator would publish for `agent`'s first attempt, with the given run scope. */
export function taskFor(definition: EnsembleDefinition, agent: string, overrides: Loose<Task> = {}): Task {
  const found = definition.agents.find((candidate) => candidate.name === agent);
  const runId = 'run-1';
  return {
    taskId: `${runId}:${agent}:0:1`,
    idempotencyKey: `${runId}:${agent}:0`,
    runId,
    ensemble: definition.name,
    revision: 1,
    agent,
    operation: found?.operation ?? 'code',
    iteration: 0,
    attempt: 1,
    scope: {
      input: {},
      state: {},
      agents: {},
      execution: { id: runId, startedAt: '2025-01-01T00:00:00.000Z', trigger: { type: 'manual' } },
      ensemble: { name: definition.name, revision: 1 },
    },
    ...overrides,
  };
}

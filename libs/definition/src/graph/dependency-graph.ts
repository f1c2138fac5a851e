/** The dependency graph of a loaded definition, as data and as the text `baton validate --graph` prints. */
import type { EnsembleDefinition, Operation } from '@baton/model';

export interface DependencyGraphNode {
  readonly name: string;
  readonly operation: Operation;
  readonly dependsOn: readonly string[];
}

export interface DependencyGraph {
  /** In plan order. */
  readonly nodes: readonly DependencyGraphNode[];
}

export function dependencyGraph(definition: EnsembleDefinition): DependencyGraph {
  return {
    nodes: definition.agents.map((agent) => ({
      name: agent.name,
      operation: agent.operation,
      dependsOn: [...agent.dependsOn],
    })),
  };
}

/**
 * One line per agent in plan order:
 * `  check-inventory  data  after validate-order`, or `starts first` for an agent that waits for none.
 */
export function formatDependencyGraph(definition: EnsembleDefinition): string {
  const nodes = dependencyGraph(definition).nodes;
  const nameWidth = Math.max(0, ...nodes.map((node) => node.name.length));
  const operationWidth = Math.max(0, ...nodes.map((node) => node.operation.length));
  const count = `${nodes.length} agent${nodes.length === 1 ? '' : 's'}`;
  const lines = nodes.map((node) => {
    const waits = node.dependsOn.length === 0 ? 'starts first' : `after ${node.dependsOn.join(', ')}`;
    return `  ${node.name.padEnd(nameWidth)}  ${node.operation.padEnd(operationWidth)}  ${waits}`;
  });
  return [`${definition.name} (${definition.execution}, ${count})`, ...lines].join('\n');
}

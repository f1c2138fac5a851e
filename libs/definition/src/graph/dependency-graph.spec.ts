import { definitionOf } from '../__fixtures__/fixtures';
import { dependencyGraph, formatDependencyGraph } from './dependency-graph';

describe('the dependency graph for baton validate --graph', () => {
  const definition = definitionOf('graph/sequential.yaml');

  it('lists every agent in plan order with its operation and what it waits for', () => {
    expect(dependencyGraph(definition)).toEqual({
      nodes: [
        { name: 'insert-row', operation: 'transform', dependsOn: [] },
        { name: 'left', operation: 'transform', dependsOn: ['insert-row'] },
        { name: 'right', operation: 'transform', dependsOn: ['insert-row'] },
        { name: 'select-rows', operation: 'transform', dependsOn: ['left', 'right'] },
      ],
    });
  });

  it('prints one aligned line per agent under the ensemble and its mode', () => {
    expect(formatDependencyGraph(definition)).toBe(
      [
        'sequential (sequential, 4 agents)',
        '  insert-row   transform  starts first',
        '  left         transform  after insert-row',
        '  right        transform  after insert-row',
        '  select-rows  transform  after left, right',
      ].join('\n'),
    );
  });
});

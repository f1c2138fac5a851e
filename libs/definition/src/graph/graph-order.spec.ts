import { findCycles, planOrder } from './graph-order';

const graph = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([name, deps]) => [name, new Set(deps)]));

describe('plan order', () => {
  it('keeps the written order where the dependencies leave a choice', () => {
    expect(planOrder(['c', 'a', 'b'], graph({ c: ['b'], a: [], b: [] }))).toEqual(['a', 'b', 'c']);
  });

  it('appends agents caught in a cycle in written order', () => {
    expect(planOrder(['x', 'a', 'b'], graph({ x: [], a: ['b'], b: ['a'] }))).toEqual(['x', 'a', 'b']);
  });
});

describe('cycles', () => {
  it('finds one cycle per strongly connected component, as a path from its earliest-written agent', () => {
    const edges = graph({ a: ['b'], b: ['c'], c: ['a'], d: ['e'], e: ['d'], f: ['a'] });
    expect(findCycles(['a', 'b', 'c', 'd', 'e', 'f'], edges)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('finds none in an acyclic graph', () => {
    expect(findCycles(['a', 'b'], graph({ a: [], b: ['a'] }))).toEqual([]);
  });
});

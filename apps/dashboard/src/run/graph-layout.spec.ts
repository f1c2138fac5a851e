import { edgePath, layoutGraph, NODE_WIDTH } from './graph-layout';

describe('layoutGraph', () => {
  const agents = [
    { name: 'fetch', dependsOn: [] },
    { name: 'score', dependsOn: ['fetch'] },
    { name: 'enrich', dependsOn: ['fetch'] },
    { name: 'decide', dependsOn: ['score', 'enrich', 'removed-in-this-revision'] },
  ];

  it('places every agent right of the agents it depends on, without overlaps', () => {
    const { nodes, width, height } = layoutGraph(agents);
    const at = Object.fromEntries(nodes.map((node) => [node.name, node]));
    expect(at.score.x).toBeGreaterThanOrEqual(at.fetch.x + NODE_WIDTH);
    expect(at.enrich.x).toBe(at.score.x);
    expect(at.decide.x).toBeGreaterThanOrEqual(at.score.x + NODE_WIDTH);
    expect(Math.abs(at.score.y - at.enrich.y)).toBeGreaterThanOrEqual(at.score.height);
    for (const node of nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.y + node.height).toBeLessThanOrEqual(height);
      expect(node.x + node.width).toBeLessThanOrEqual(width);
    }
  });

  it('draws one edge per dependency it knows, and none to an agent the revision does not list', () => {
    const { edges, nodes } = layoutGraph(agents);
    expect(edges.map((edge) => `${edge.from}→${edge.to}`).sort()).toEqual([
      'enrich→decide',
      'fetch→enrich',
      'fetch→score',
      'score→decide',
    ]);
    expect(nodes.map((node) => node.name)).toEqual(['fetch', 'score', 'enrich', 'decide']);
    for (const edge of edges) expect(edgePath(edge.points)).toMatch(/^M[\d.]+,[\d.]+ /);
  });

  it('lays out nothing for no agents', () => {
    expect(layoutGraph([])).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});

describe('edgePath', () => {
  it('draws a straight line through two points and a curve through more', () => {
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ]),
    ).toBe('M0,0 L10,0');
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 5 },
        { x: 20, y: 10 },
      ]),
    ).toBe('M0,0 Q10,5 20,10');
    expect(edgePath([])).toBe('');
  });
});

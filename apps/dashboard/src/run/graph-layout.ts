/**
 * Positions of an ensemble's agents for the run page's graph: a layered layout (dagre) of the
 * `dependsOn` edges, left to right, in SVG user units.
 */
import { Graph, layout } from '@dagrejs/dagre';

export interface GraphNodeInput {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export interface PlacedNode {
  readonly name: string;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly points: ReadonlyArray<{ x: number; y: number }>;
}

export interface GraphLayout {
  readonly nodes: PlacedNode[];
  readonly edges: PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 58;
const MARGIN = 16;

export function layoutGraph(agents: readonly GraphNodeInput[]): GraphLayout {
  if (agents.length === 0) return { nodes: [], edges: [], width: 0, height: 0 };
  const graph = new Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 56, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  const names = new Set(agents.map((agent) => agent.name));
  for (const agent of agents) graph.setNode(agent.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const agent of agents) {
    // An edge to an agent the definition does not list (an older revision) would add a bare node.
    for (const dependency of agent.dependsOn)
      if (names.has(dependency)) graph.setEdge(dependency, agent.name);
  }
  layout(graph);
  const nodes = agents.map((agent) => {
    const node = graph.node(agent.name);
    return {
      name: agent.name,
      x: node.x - NODE_WIDTH / 2,
      y: node.y - NODE_HEIGHT / 2,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    };
  });
  const edges = graph.edges().map((edge) => ({
    from: edge.v,
    to: edge.w,
    points: (graph.edge(edge).points ?? []).map((point: { x: number; y: number }) => ({
      x: point.x,
      y: point.y,
    })),
  }));
  const size = graph.graph();
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}

/** An SVG path through the edge's points: straight first and last legs, smooth in between. */
export function edgePath(points: ReadonlyArray<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first.x},${first.y}`;
  let path = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const control = rest[i];
    const next = rest[i + 1];
    const end = i === rest.length - 2 ? next : { x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 };
    path += ` Q${control.x},${control.y} ${end.x},${end.y}`;
  }
  if (rest.length === 1) path += ` L${rest[0].x},${rest[0].y}`;
  return path;
}

import type { EnsembleDefinition } from '@baton/model';
import { useMemo } from 'preact/hooks';
import type { AgentView, RunView } from '../api/types';
import { formatDuration, millisecondsBetween } from '../format/time';
import { StatusBadge } from '../ui/StatusBadge';
import { edgePath, layoutGraph, type GraphNodeInput } from './graph-layout';

/**
 * The run's agents as the graph the engine runs (dependsOn edges of the run's revision), each
 * coloured by its state, with a table of the same facts below for reading and for screen readers.
 */
export function AgentGraph({
  run,
  definition,
  now,
}: {
  run: RunView;
  definition: EnsembleDefinition | undefined;
  now: Date;
}) {
  const nodes = useMemo(() => graphNodes(run, definition), [run, definition]);
  const layout = useMemo(() => layoutGraph(nodes), [nodes]);
  const operations = new Map(definition?.agents.map((agent) => [agent.name, agent.operation]) ?? []);
  if (nodes.length === 0) return <p class="muted">This ensemble has no agents.</p>;

  return (
    <>
      <div class="graph-scroll">
        <svg
          class="graph"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={`Agent graph: ${nodes.map((n) => `${n.name} ${run.agents[n.name]?.status ?? 'pending'}`).join(', ')}`}
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" class="graph-arrow" />
            </marker>
          </defs>
          {layout.edges.map((edge) => (
            <path
              key={`${edge.from}>${edge.to}`}
              d={edgePath(edge.points)}
              class="graph-edge"
              marker-end="url(#arrow)"
            />
          ))}
          {layout.nodes.map((node) => {
            const agent = run.agents[node.name];
            const status = agent?.status ?? 'pending';
            return (
              <g
                key={node.name}
                class={`graph-node node-${status}`}
                transform={`translate(${node.x},${node.y})`}
                data-agent={node.name}
              >
                <title>{`${node.name}: ${status}${agent?.error ? ` — ${agent.error.message}` : ''}`}</title>
                <rect width={node.width} height={node.height} rx="10" />
                <rect class="graph-node-bar" width="5" height={node.height} rx="2" />
                <text x="16" y="24" class="graph-node-name">
                  {clip(node.name, 22)}
                </text>
                <text x="16" y="44" class="graph-node-meta">
                  {[operations.get(node.name), status, attemptsText(agent)].filter(Boolean).join(' · ')}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <table class="table table-compact agents-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col" class="numeric">
              Attempts
            </th>
            <th scope="col" class="numeric">
              Duration
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map(({ name }) => {
            const agent = run.agents[name];
            const ms =
              agent &&
              millisecondsBetween(
                agent.startedAt,
                agent.finishedAt ?? (agent.startedAt ? now.toISOString() : null),
              );
            return (
              <tr key={name} data-agent={name}>
                <td class="mono">{name}</td>
                <td>
                  <StatusBadge status={agent?.status ?? 'pending'} />
                </td>
                <td class="numeric">{agent?.attempts ?? 0}</td>
                <td class="numeric">{ms === undefined ? '–' : formatDuration(ms)}</td>
                <td class="error-cell">
                  {agent?.error && (
                    <>
                      <span class="error-code">{agent.error.code}</span> {agent.error.message}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** The revision's agents in plan order, then any the run knows and the revision does not list. */
function graphNodes(run: RunView, definition: EnsembleDefinition | undefined): GraphNodeInput[] {
  const nodes: GraphNodeInput[] =
    definition?.agents.map((agent) => ({ name: agent.name, dependsOn: agent.dependsOn })) ?? [];
  const known = new Set(nodes.map((node) => node.name));
  for (const name of Object.keys(run.agents)) if (!known.has(name)) nodes.push({ name, dependsOn: [] });
  return nodes;
}

/** Only a retried agent says how many attempts it took: one is the rule. */
function attemptsText(agent: AgentView | undefined): string {
  return agent && agent.attempts > 1 ? `${agent.attempts} attempts` : '';
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

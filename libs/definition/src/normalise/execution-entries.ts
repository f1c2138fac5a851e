/**
 * The written order: `agents:` (or `flow:` when present) as a list of entries, each a single agent
 * or a parallel group. Reports flow entries naming unknown agents, agents named twice by flow, and
 * agents that flow never names (they do not run).
 */
import { AgentDto } from '../dto/agent.dto';
import type { EnsembleDto } from '../dto/ensemble.dto';
import { FlowAgentDto, FlowParallelGroupDto } from '../dto/flow-entry.dto';
import { ParallelGroupDto } from '../dto/parallel-group.dto';
import type { IssueList } from '../issues/issue-list';
import { didYouMean } from '../suggestions';
import type { YamlPath } from '../yaml/yaml-paths';
import type { AgentDraft, ExecutionEntry } from './draft';
import { normaliseAgent } from './normalise-agent';

export interface WrittenAgents {
  readonly defined: readonly AgentDraft[];
  readonly entries: readonly ExecutionEntry[];
}

type Member = AgentDto | FlowAgentDto;

export function executionEntries(dto: EnsembleDto, issues: IssueList): WrittenAgents {
  const underAgents = entriesOf(dto.agents, ['agents'], () => undefined);
  const definedUnderAgents = underAgents.flatMap((entry) => entry.agents);
  if (!Array.isArray(dto.flow)) return { defined: definedUnderAgents, entries: underAgents };

  const byName = new Map<string, AgentDraft>();
  for (const agent of definedUnderAgents) if (!byName.has(agent.name)) byName.set(agent.name, agent);
  const named = new Set<string>();
  const resolve = (reference: FlowAgentDto, path: YamlPath): AgentDraft | undefined => {
    const agent = byName.get(reference.agent);
    if (!agent) {
      issues.error(
        'unknown-agent',
        { path: [...path, 'agent'] },
        `flow names '${reference.agent}', which is not defined under agents${didYouMean(reference.agent, byName.keys())}`,
      );
      return undefined;
    }
    if (named.has(agent.name)) {
      issues.error(
        'duplicate-flow-entry',
        { path: [...path, 'agent'] },
        `flow names '${agent.name}' twice; an agent runs once per run`,
      );
      return undefined;
    }
    named.add(agent.name);
    return agent;
  };
  const flowEntries = entriesOf(dto.flow, ['flow'], resolve);
  const inline = flowEntries.flatMap((entry) => entry.agents).filter((agent) => agent.path[0] === 'flow');
  for (const agent of definedUnderAgents) {
    if (!named.has(agent.name)) {
      issues.warning(
        'unused-agent',
        { path: [...agent.path, 'name'] },
        `agent '${agent.name}' is defined under agents but flow never names it, so it does not run`,
      );
    }
  }
  return { defined: [...definedUnderAgents, ...inline], entries: flowEntries };
}

function entriesOf(
  written: unknown,
  base: YamlPath,
  resolve: (reference: FlowAgentDto, path: YamlPath) => AgentDraft | undefined,
): ExecutionEntry[] {
  if (!Array.isArray(written)) return [];
  const member = (item: unknown, path: YamlPath): AgentDraft | undefined => {
    if (item instanceof AgentDto) return normaliseAgent(item, path);
    if (item instanceof FlowAgentDto && typeof item.agent === 'string') return resolve(item, path);
    return undefined;
  };
  return written.flatMap((item: unknown, index): ExecutionEntry[] => {
    const path = [...base, index];
    if (item instanceof ParallelGroupDto || item instanceof FlowParallelGroupDto) {
      const members = Array.isArray(item.parallel) ? (item.parallel as Member[]) : [];
      const agents = members.flatMap((one, position) => member(one, [...path, 'parallel', position]) ?? []);
      return agents.length > 0 ? [{ agents, parallel: true }] : [];
    }
    const agent = member(item, path);
    return agent ? [{ agents: [agent], parallel: false }] : [];
  });
}

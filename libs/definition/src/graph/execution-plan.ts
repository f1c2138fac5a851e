/**
 * dsl.md "Order of execution": turns the written order (sequential) or the agents' references
 * (`execution: graph`) into one dependency graph, checks that every agent reads only agents that
 * have finished before it starts, refuses cycles, and puts the agents in plan order.
 */
import type { IssueList } from '../issues/issue-list';
import type { AgentDraft, EnsembleDraft, NamedAt } from '../normalise/draft';
import { type ExpressionUse, nameIndex } from '../references/expression-uses';
import { didYouMean } from '../suggestions';
import { findCycles, planOrder } from './graph-order';

export interface PlannedAgent {
  readonly agent: AgentDraft;
  readonly dependsOn: readonly string[];
  readonly references: readonly string[];
}

interface Placement {
  readonly entry: number;
  readonly order: number;
  readonly parallel: boolean;
}

export function planExecution(
  draft: EnsembleDraft,
  uses: readonly ExpressionUse[],
  issues: IssueList,
): PlannedAgent[] {
  const running = draft.entries.flatMap((entry) => entry.agents);
  const placement = new Map<string, Placement>();
  draft.entries.forEach((entry, index) => {
    for (const agent of entry.agents)
      placement.set(agent.name, { entry: index, order: placement.size, parallel: entry.parallel });
  });
  const defined = new Set(draft.defined.map((agent) => agent.name));
  const referenceUses = agentReferences(uses, defined);
  const graphMode = draft.settings.execution === 'graph';

  const dependencies = new Map<string, Set<string>>();
  for (const agent of running) {
    const own = placement.get(agent.name) as Placement;
    const depends = new Set<string>();
    for (const [name, use] of referenceUses.get(agent) ?? []) {
      if (
        checkReference(agent, name, use, own, placement, graphMode, issues) &&
        graphMode &&
        name !== agent.name
      )
        depends.add(name);
    }
    for (const after of agent.after) {
      if (checkAfter(agent, after, own, placement, defined, graphMode, issues) && graphMode)
        depends.add(after.name);
    }
    dependencies.set(agent.name, depends);
  }
  if (!graphMode && running.some((agent) => agent.after.length > 0)) {
    const agent = running.find((candidate) => candidate.after.length > 0) as AgentDraft;
    issues.warning(
      'after-ignored',
      { path: agent.after[0].path.slice(0, -1), at: 'key' },
      'after orders agents only with execution: graph; in sequential execution agents run in the written order',
    );
  }

  if (graphMode) {
    addStateDependencies(running, uses, placement, dependencies);
    addBarriers(draft, dependencies);
  } else {
    draft.entries.forEach((entry, index) => {
      const previous = index > 0 ? draft.entries[index - 1].agents.map((agent) => agent.name) : [];
      for (const agent of entry.agents) dependencies.set(agent.name, new Set(previous));
    });
  }

  const writtenOrder = running.map((agent) => agent.name);
  for (const cycle of findCycles(writtenOrder, dependencies)) {
    const agent = running.find((candidate) => candidate.name === cycle[0]) as AgentDraft;
    issues.error(
      'cycle',
      { path: [...agent.path, 'name'] },
      `agents ${cycle.map((name) => `'${name}'`).join(', ')} depend on each other in a cycle: ${[...cycle, cycle[0]].join(' → ')} (each waits for the next)`,
    );
  }
  const byName = new Map(running.map((agent) => [agent.name, agent]));
  const definedOrder = draft.defined.map((agent) => agent.name);
  return planOrder(writtenOrder, dependencies).map((name) => {
    const agent = byName.get(name) as AgentDraft;
    const byOrder = (a: string, b: string) => writtenOrder.indexOf(a) - writtenOrder.indexOf(b);
    return {
      agent,
      dependsOn: [...(dependencies.get(name) ?? [])].sort(byOrder),
      references: [...(referenceUses.get(agent)?.keys() ?? [])].sort(
        (a, b) => definedOrder.indexOf(a) - definedOrder.indexOf(b),
      ),
    };
  });
}

/** For each agent, the agents its expressions name (first use of each, for locating issues). */
function agentReferences(
  uses: readonly ExpressionUse[],
  defined: ReadonlySet<string>,
): Map<AgentDraft, Map<string, ExpressionUse>> {
  const references = new Map<AgentDraft, Map<string, ExpressionUse>>();
  for (const use of uses) {
    if (use.site.kind !== 'agent') continue;
    const own = references.get(use.site.agent) ?? new Map<string, ExpressionUse>();
    references.set(use.site.agent, own);
    for (const root of use.expression.roots) {
      if (defined.has(root) && !own.has(root)) own.set(root, use);
    }
  }
  return references;
}

/** Reports a reference to an agent that has not finished when this one starts; true when it is fine. */
function checkReference(
  agent: AgentDraft,
  name: string,
  use: ExpressionUse,
  own: Placement,
  placement: ReadonlyMap<string, Placement>,
  graphMode: boolean,
  issues: IssueList,
): boolean {
  const at = { path: use.path, originalOffset: use.token.originalOffset(nameIndex(use.token.source, name)) };
  const forward = (why: string) =>
    issues.error(
      'forward-reference',
      at,
      `agent '${agent.name}' refers to '${name}', which has not finished when '${agent.name}' starts (${why})`,
    );
  if (name === agent.name) {
    if (use.site.kind === 'agent' && use.site.field === 'state.set') return true;
    forward('it is this agent; only its state.set may read its own result');
    return false;
  }
  const target = placement.get(name);
  if (!target) {
    issues.error(
      'forward-reference',
      at,
      `agent '${agent.name}' refers to '${name}', which never runs (flow does not name it)`,
    );
    return false;
  }
  if (target.entry === own.entry) {
    forward('same parallel group');
    return false;
  }
  if (!graphMode && target.entry > own.entry) {
    forward('it runs later');
    return false;
  }
  return true;
}

function checkAfter(
  agent: AgentDraft,
  after: NamedAt,
  own: Placement,
  placement: ReadonlyMap<string, Placement>,
  defined: ReadonlySet<string>,
  graphMode: boolean,
  issues: IssueList,
): boolean {
  const at = { path: after.path };
  if (!defined.has(after.name)) {
    issues.error(
      'unknown-agent',
      at,
      `after names '${after.name}', which is not an agent${didYouMean(after.name, defined)}`,
    );
    return false;
  }
  const target = placement.get(after.name);
  if (after.name === agent.name) {
    issues.error('cycle', at, `agent '${agent.name}' cannot run after itself`);
    return false;
  }
  if (!target) {
    issues.error(
      'forward-reference',
      at,
      `agent '${agent.name}' runs after '${after.name}', which never runs (flow does not name it)`,
    );
    return false;
  }
  if (graphMode && target.entry === own.entry) {
    issues.error(
      'forward-reference',
      at,
      `agent '${agent.name}' runs after '${after.name}', which is in the same parallel group`,
    );
    return false;
  }
  return true;
}

/** In graph mode, an agent waits for the earlier agents that set a state key it reads. */
function addStateDependencies(
  running: readonly AgentDraft[],
  uses: readonly ExpressionUse[],
  placement: ReadonlyMap<string, Placement>,
  dependencies: Map<string, Set<string>>,
): void {
  const reads = new Map<string, Set<string>>();
  for (const agent of running) reads.set(agent.name, new Set(agent.state?.use ?? []));
  for (const use of uses) {
    if (use.site.kind !== 'agent') continue;
    const own = reads.get(use.site.agent.name);
    for (const chain of use.expression.references) {
      if (chain[0] === 'state') own?.add(chain.length > 1 ? chain[1] : '*');
    }
  }
  for (const reader of running) {
    const read = reads.get(reader.name) as Set<string>;
    const own = placement.get(reader.name) as Placement;
    for (const writer of running) {
      const theirs = placement.get(writer.name) as Placement;
      if (theirs.order >= own.order || theirs.entry === own.entry) continue;
      const written = keysSet(writer);
      if (read.has('*') ? written.length > 0 : written.some((key) => read.has(key))) {
        dependencies.get(reader.name)?.add(writer.name);
      }
    }
  }
}

function keysSet(agent: AgentDraft): string[] {
  const set = agent.state?.set;
  if (!set) return [];
  return set.form === 'map' ? Object.keys(set.values) : [...set.keys];
}

/**
 * `parallel` groups stay barriers in graph mode: a group's agents wait for every agent written
 * before the group, and the agents written after it wait for all of the group's agents.
 */
function addBarriers(draft: EnsembleDraft, dependencies: Map<string, Set<string>>): void {
  let lastGroup: readonly AgentDraft[] = [];
  let sinceGroup: AgentDraft[] = [];
  for (const entry of draft.entries) {
    const barrier = entry.parallel ? [...lastGroup, ...sinceGroup] : lastGroup;
    for (const agent of entry.agents) {
      for (const before of barrier) dependencies.get(agent.name)?.add(before.name);
    }
    if (entry.parallel) {
      lastGroup = entry.agents;
      sinceGroup = [];
    } else {
      sinceGroup.push(...entry.agents);
    }
  }
}

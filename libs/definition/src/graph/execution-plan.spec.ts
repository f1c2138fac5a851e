import { definitionOf, issuesOf, loadFixture, summary } from '../__fixtures__/fixtures';
import type { EnsembleDefinition } from '@baton/model';

/** `name ← dependencies` of each agent, in plan order. */
function plan(definition: EnsembleDefinition): string[] {
  return definition.agents.map((agent) => `${agent.name} ← ${agent.dependsOn.join(', ')}`.trimEnd());
}

describe('sequential execution (the default)', () => {
  it('makes each entry wait for the entry before it, a parallel group counting as one entry', () => {
    expect(plan(definitionOf('graph/sequential.yaml'))).toEqual([
      'insert-row ←',
      'left ← insert-row',
      'right ← insert-row',
      'select-rows ← left, right',
    ]);
  });

  it("lists the agents an agent's expressions name as its references", () => {
    const agents = definitionOf('graph/sequential.yaml').agents;
    expect(agents.map((agent) => agent.references)).toEqual([[], ['insert-row'], [], ['left']]);
  });

  it('refuses an agent that names an agent written after it, naming both', () => {
    expect(summary(issuesOf('graph/forward-later.yaml'))).toEqual([
      "5:18 error forward-reference agent 'a' refers to 'b', which has not finished when 'a' starts (it runs later)",
    ]);
  });

  it('refuses an agent that reads its own result outside its state.set', () => {
    expect(summary(issuesOf('graph/self-reference.yaml'))).toEqual([
      "5:18 error forward-reference agent 'a' refers to 'a', which has not finished when 'a' starts (it is this agent; only its state.set may read its own result)",
    ]);
  });

  it('lets an agent read its own result in its state.set', () => {
    const definition = definitionOf('graph/state-set-self.yaml');
    expect(plan(definition)).toEqual(['a ←', 'b ← a']);
    expect(definition.agents[0].references).toEqual(['a']);
  });

  it('warns that after has no effect outside execution: graph', () => {
    const result = loadFixture('graph/after-sequential.yaml');
    expect(summary(result.ok ? result.warnings : result.issues)).toEqual([
      '9:5 warning after-ignored after orders agents only with execution: graph; in sequential execution agents run in the written order',
    ]);
  });
});

describe('flow', () => {
  it('orders named, inline and parallel entries as flow writes them, and warns about agents it never names', () => {
    const result = loadFixture('graph/flow.yaml');
    if (!result.ok) throw new Error(summary(result.issues).join('\n'));
    expect(plan(result.definition)).toEqual(['b ←', 'a ← b', 'inline ← b', 'c ← a, inline']);
    expect(summary(result.warnings)).toEqual([
      "12:11 warning unused-agent agent 'never' is defined under agents but flow never names it, so it does not run",
    ]);
  });

  it('refuses a flow entry naming an unknown agent, suggesting the closest one', () => {
    expect(summary(issuesOf('invalid/unknown-flow-agent.yaml'))).toEqual([
      "3:11 warning unused-agent agent 'first' is defined under agents but flow never names it, so it does not run",
      "7:12 error unknown-agent flow names 'frist', which is not defined under agents (did you mean 'first'?)",
    ]);
  });

  it('refuses an agent named twice by flow', () => {
    expect(summary(issuesOf('graph/flow-twice.yaml'))).toEqual([
      "8:12 error duplicate-flow-entry flow names 'a' twice; an agent runs once per run",
    ]);
  });

  it('refuses a reference to an agent that flow never runs', () => {
    expect(summary(issuesOf('graph/unused-reference.yaml'))).toEqual([
      "3:11 warning unused-agent agent 'a' is defined under agents but flow never names it, so it does not run",
      "8:24 error forward-reference agent 'b' refers to 'a', which never runs (flow does not name it)",
    ]);
  });
});

describe('execution: graph', () => {
  it('makes an agent wait for the agents it names, the earlier writers of state it reads, and its after', () => {
    expect(plan(definitionOf('graph/graph-mode.yaml'))).toEqual([
      'fetch-user ←',
      'fetch-orders ←',
      'merge ← fetch-user, fetch-orders',
      'total ← fetch-user',
      'audit ← merge',
      'uses-state ← fetch-user',
    ]);
  });

  it('keeps parallel groups as barriers: the group waits for what precedes it, what follows waits for the group', () => {
    expect(plan(definitionOf('graph/barrier.yaml'))).toEqual([
      'a ←',
      'b ←',
      'p ← a, b',
      'q ← a, b',
      'c ← p, q',
      'd ← p, q',
    ]);
  });

  it('refuses a cycle, naming its agents in order', () => {
    expect(summary(issuesOf('graph/cycle.yaml'))).toEqual([
      "4:11 error cycle agents 'a', 'c', 'b' depend on each other in a cycle: a → c → b → a (each waits for the next)",
    ]);
  });

  it('refuses a reference between agents of the same parallel group', () => {
    expect(summary(issuesOf('graph/forward-group.yaml'))).toEqual([
      "10:28 error forward-reference agent 'q' refers to 'p', which has not finished when 'q' starts (same parallel group)",
    ]);
  });

  it('refuses after naming an unknown agent, suggesting the closest one', () => {
    expect(summary(issuesOf('invalid/unknown-after-agent.yaml'))).toEqual([
      "10:13 error unknown-agent after names 'frist', which is not an agent (did you mean 'first'?)",
    ]);
  });
});

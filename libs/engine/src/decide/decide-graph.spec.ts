import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { startRun, taskFailed, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

describe('running the dependency graph', () => {
  const join = ensemble([
    agent('a', 'code'),
    agent('b', 'code'),
    agent('c', 'code', { dependsOn: ['a', 'b'] }),
  ]);

  it('an agent starts when every agent it depends on has finished', () => {
    const afterA = given(join, [startRun()]).when(taskSucceeded('a', 1));
    afterA.then({ events: [{ type: 'AgentSucceeded' }], tasks: [] });
    given(join, [startRun(), taskSucceeded('a', 1)])
      .when(taskSucceeded('b', 2))
      .then({
        events: [
          { type: 'AgentSucceeded', data: expect.objectContaining({ agent: 'b' }) },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'c' }) },
        ],
        tasks: [{ agent: 'c', scope: expect.objectContaining({ agents: {} }) }],
      });
  });

  it('an agent starts after a dependency that failed when the run goes on (onError continue)', () => {
    const def = ensemble(inSequence(agent('a', 'code', { onError: 'continue' }), agent('b', 'code')));
    given(def, [startRun()])
      .when(taskFailed('a'))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ agent: 'a', final: true }) },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'b' }) },
        ],
      });
  });

  it('an agent whose condition is false is skipped and the agents after it proceed', () => {
    const def = ensemble(
      inSequence(agent('a', 'code', { condition: '${input.go}' }), agent('b', 'code'), agent('c', 'code')),
    );
    given(def)
      .when(startRun({ input: { go: false } }))
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          { type: 'AgentSkipped', data: { agent: 'a', reason: 'condition' } },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'b' }) },
        ],
        tasks: [{ agent: 'b' }],
      });
  });

  it('an agent whose condition holds runs', () => {
    const def = ensemble([agent('a', 'code', { condition: '${input.go}' })]);
    given(def)
      .when(startRun({ input: { go: true } }))
      .then({ tasks: [{ agent: 'a' }] });
  });

  it('conditions see finished agents by name, hyphenated names included', () => {
    const def = ensemble(
      inSequence(
        agent('check-stock', 'data'),
        agent('charge', 'http', { condition: '${check-stock.output.available > 0 && check-stock.success}' }),
      ),
    );
    given(def, [startRun()])
      .when(taskSucceeded('check-stock', { available: 3 }))
      .then({ tasks: [{ agent: 'charge' }] });
    given(def, [startRun()])
      .when(taskSucceeded('check-stock', { available: 0 }))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'AgentSkipped', data: { agent: 'charge', reason: 'condition' } },
          { type: 'RunCompleted' },
        ],
      });
  });

  it('member access on a skipped agent is lenient: output is undefined and executed, success and failed are false', () => {
    const def = ensemble(
      inSequence(
        agent('maybe', 'code', { condition: '${false}' }),
        agent('lenient', 'transform', {
          config: {
            value:
              '${[maybe.output.valid, maybe.executed, maybe.skipped, maybe.success, maybe.failed, maybe.outputs.length]}',
          },
        }),
      ),
    );
    const { state } = given(def).when(startRun());
    expect(state.agents.lenient.output).toEqual([undefined, false, true, false, false, 0]);
  });

  it('a condition that cannot be evaluated fails the agent with code condition', () => {
    const def = ensemble([agent('a', 'code', { condition: '${nope()}', onError: 'continue' })]);
    const { decision } = given(def).when(startRun());
    expect(decision.events.map((e) => e.type)).toEqual([
      'RunRequested',
      'RunStarted',
      'AgentFailed',
      'RunCompleted',
    ]);
    expect(decision.events[2].data).toMatchObject({
      agent: 'a',
      level: 'agent',
      final: true,
      error: { code: 'condition' },
    });
  });

  it('expressions see input, state, ensemble, execution and component', () => {
    const def = ensemble(
      [
        agent('scope', 'transform', {
          config: {
            value:
              '${[input.n, state.k, ensemble.name, ensemble.version, ensemble.revision, execution.id, execution.trigger.type, component.limits.max]}',
          },
        }),
      ],
      { version: '2.1.0', components: { limits: { max: 3 } } },
    );
    const { state } = given(def).when(startRun({ input: { n: 5 }, revision: 4 }));
    expect(state.agents.scope.output).toEqual([
      5,
      undefined,
      'test-ensemble',
      '2.1.0',
      4,
      'run-1',
      'manual',
      3,
    ]);
  });

  it('execution.startedAt is the time the run started', () => {
    const def = ensemble([agent('when', 'transform', { config: { value: '${execution.startedAt}' } })]);
    const { state } = given(def).when(startRun({ at: 12 }));
    expect(state.agents.when.output).toBe('2025-01-01T00:00:12.000Z');
  });
});

describe('the end of a run', () => {
  it('the run completes with its evaluated output once every agent has finished', () => {
    const def = ensemble([agent('a', 'code')], {
      output: { total: '${a.output.n * 2}', ok: '${a.success}', label: 'n=${a.output.n}' },
    });
    given(def, [startRun()])
      .when(taskSucceeded('a', { n: 21 }))
      .then({
        events: [
          { type: 'AgentSucceeded' },
          { type: 'RunCompleted', data: { output: { total: 42, ok: true, label: 'n=21' } } },
        ],
        cancelledTimers: ['run-1:run-timeout'],
      });
  });

  it('a run without output completes with null', () => {
    given(ensemble([agent('a', 'code')]), [startRun()])
      .when(taskSucceeded('a', 1))
      .then({ events: [{ type: 'AgentSucceeded' }, { type: 'RunCompleted', data: { output: null } }] });
  });

  it('an output expression that fails fails the run with code output', () => {
    const def = ensemble([agent('a', 'code')], { output: '${nope()}' });
    const { decision } = given(def, [startRun()]).when(taskSucceeded('a', 1));
    expect(decision.events.map((e) => e.type)).toEqual(['AgentSucceeded', 'RunFailed']);
    expect(decision.events[1].data).toEqual({ error: expect.objectContaining({ code: 'output' }) });
  });

  it('a run is not complete while an agent is still running', () => {
    const def = ensemble([agent('a', 'code'), agent('b', 'code')]);
    given(def, [startRun()])
      .when(taskSucceeded('a', 1))
      .then({ events: [{ type: 'AgentSucceeded' }] });
  });
});

import type { Command } from '../commands';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { startRun, taskFailed, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const items = ['p1', 'p2', 'p3', 'p4', 'p5'];
const looped = ensemble(
  inSequence(
    agent('check', 'data', {
      loop: { items: '${input.items}', concurrency: 2 },
      config: { sql: 'SELECT ?', params: ['${loop.item}'] },
    }),
    agent('report', 'transform', {
      config: { value: { outputs: '${check.outputs}', output: '${check.output}' } },
    }),
  ),
);
const start = startRun({ input: { items } });
const done = (iteration: number) => taskSucceeded('check', `ok-${iteration}`, { iteration });

describe('loops', () => {
  it('a loop starts its first items up to its concurrency, the first one recording every item', () => {
    given(looped)
      .when(start)
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          {
            type: 'AgentScheduled',
            data: { agent: 'check', iteration: 0, attempt: 1, taskId: 'run-1:check:0:1', item: 'p1', items },
          },
          {
            type: 'AgentScheduled',
            data: { agent: 'check', iteration: 1, attempt: 1, taskId: 'run-1:check:1:1', item: 'p2' },
          },
        ],
        tasks: [
          { iteration: 0, scope: expect.objectContaining({ loop: { item: 'p1', index: 0 } }) },
          { iteration: 1, scope: expect.objectContaining({ loop: { item: 'p2', index: 1 } }) },
        ],
      });
  });

  it('a loop with concurrency 2 over 5 items never has more than 2 items in flight', () => {
    const inFlight: number[] = [];
    const history: Command[] = [start];
    const results = [done(1), done(0), done(2), done(4), done(3)];
    for (const result of results) {
      const { state } = given(looped, history).when(result);
      history.push(result);
      inFlight.push(state.agents.check.iterations.filter((it) => it.status === 'running').length);
    }
    // 1 done → 2 starts; 0 done → 3 starts; 2 done → 4 starts; then only 4 and 3 remain.
    expect(inFlight).toEqual([2, 2, 2, 1, 0]);
  });

  it('an item that finishes lets the next item start', () => {
    given(looped, [start])
      .when(done(1))
      .then({
        events: [
          { type: 'AgentSucceeded', data: expect.objectContaining({ iteration: 1, output: 'ok-1' }) },
          { type: 'AgentScheduled', data: expect.objectContaining({ iteration: 2, item: 'p3' }) },
        ],
        tasks: [{ iteration: 2 }],
      });
  });

  it('a loop finishes when every item has, its output being the item outputs in item order', () => {
    const { state } = given(looped, [start, done(1), done(0), done(2), done(4)]).when(done(3));
    const expected = ['ok-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4'];
    expect(state.agents.check).toMatchObject({ status: 'succeeded', output: expected, outputs: expected });
    expect(state.agents.report.output).toEqual({ outputs: expected, output: expected });
    expect(state.status).toBe('completed');
  });

  it('a loop over an empty array succeeds with [] without any attempt', () => {
    given(looped)
      .when(startRun({ input: { items: [] } }))
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          {
            type: 'AgentSucceeded',
            data: { agent: 'check', level: 'agent', output: [] },
          },
          { type: 'AgentScheduled' },
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'report', output: { outputs: [], output: [] } }),
          },
          { type: 'RunCompleted' },
        ],
        tasks: [],
      });
  });

  it('loop items that are not an array fail the agent with a clear error', () => {
    const { decision } = given(looped).when(startRun({ input: { items: 'p1,p2' } }));
    expect(decision.events[2]).toMatchObject({
      type: 'AgentFailed',
      data: {
        agent: 'check',
        level: 'agent',
        final: true,
        error: { code: 'loop-items', message: "loop.items of 'check' must be an array, got string" },
      },
    });
    expect(decision.events.slice(3).map((e) => e.type)).toEqual(['AgentSkipped', 'RunFailed']);
  });

  it('a condition is evaluated once for the whole loop, not per item', () => {
    const conditional = ensemble([
      agent('each', 'code', { condition: '${input.go}', loop: { items: '${input.items}', concurrency: 10 } }),
    ]);
    given(conditional)
      .when(startRun({ input: { go: false, items } }))
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          { type: 'AgentSkipped', data: { agent: 'each', reason: 'condition' } },
          { type: 'RunCompleted' },
        ],
      });
  });

  it('a loop fails as soon as one item finally fails: items in flight are abandoned and no further item starts', () => {
    const tolerant = ensemble(
      inSequence(
        { ...looped.agents[0], onError: 'continue' },
        agent('next', 'code', { condition: '${!check.success}' }),
      ),
    );
    given(tolerant, [start])
      .when(taskFailed('check', { code: 'db', message: 'down' }, { iteration: 1 }))
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              iteration: 1,
              final: true,
              error: { code: 'db', message: 'down' },
            }),
          },
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              iteration: 0,
              final: true,
              error: expect.objectContaining({ code: 'abandoned' }),
            }),
          },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'next' }) },
        ],
        tasks: [{ agent: 'next' }],
      });
  });

  it('the late result of an abandoned item changes nothing', () => {
    const tolerant = ensemble([{ ...looped.agents[0], onError: 'continue' }, agent('other', 'code')]);
    given(tolerant, [start, taskFailed('check', undefined, { iteration: 1 })])
      .when(done(0))
      .thenNothing();
  });

  it('a loop of transforms runs every item at once', () => {
    const doubled = ensemble([
      agent('double', 'transform', {
        loop: { items: '${input.n}', concurrency: 2 },
        config: { value: '${loop.item * 2 + loop.index}' },
      }),
    ]);
    const { state } = given(doubled).when(startRun({ input: { n: [1, 2, 3] } }));
    expect(state.agents.double.output).toEqual([2, 5, 8]);
    expect(state.status).toBe('completed');
  });
});

import { childRunId } from '@baton/intake';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { cancelRun, childRunEnded, startRun, taskFailed, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const parent = ensemble(
  inSequence(
    agent('sub', 'run', { config: { ensemble: 'release-inventory', input: { order: '${input.order}' } } }),
    agent('after', 'transform', { config: { value: '${sub.output}' } }),
  ),
);
const child = childRunId('run-1', 'sub', 0, 1);

describe('child runs', () => {
  it('a run agent starts a child run whose id derives from <runId>:<agent>:<iteration>', () => {
    given(parent)
      .when(startRun({ input: { order: 12 } }))
      .then({
        tasks: [],
        commands: [
          {
            type: 'StartRun',
            runId: child,
            ensemble: 'release-inventory',
            input: { order: 12 },
            trigger: { type: 'child', parentRunId: 'run-1', agent: 'sub' },
            parent: { runId: 'run-1', agent: 'sub', iteration: 0 },
          },
        ],
      });
    expect(child).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(childRunId('run-1', 'sub', 0, 1)).toBe(child);
    expect(childRunId('run-1', 'sub', 1, 1)).not.toBe(child);
  });

  it('the child run ending completed finishes the agent with the child output', () => {
    given(parent, [startRun()])
      .when(childRunEnded({ childRunId: child, agent: 'sub', status: 'completed', output: { released: 3 } }))
      .then({
        events: [
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'sub', output: { released: 3 } }),
          },
          { type: 'AgentScheduled' },
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'after', output: { released: 3 } }),
          },
          { type: 'RunCompleted' },
        ],
      });
  });

  it('the child run ending otherwise fails the agent with the child error', () => {
    given(parent, [startRun()])
      .when(
        childRunEnded({
          childRunId: child,
          agent: 'sub',
          status: 'failed',
          error: { code: 'http', message: 'boom' },
        }),
      )
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              agent: 'sub',
              final: true,
              error: { code: 'http', message: 'boom' },
            }),
          },
          { type: 'AgentSkipped' },
          { type: 'RunFailed' },
        ],
      });
  });

  it('an end reported by another child decides nothing', () => {
    given(parent, [startRun()])
      .when(childRunEnded({ childRunId: 'someone-else', agent: 'sub', status: 'completed', output: 1 }))
      .thenNothing();
  });

  it('a run with a parent tells the parent when it ends', () => {
    const childDef = ensemble([agent('work', 'code')], { output: '${work.output}' });
    const parentRef = { runId: 'parent-run', agent: 'sub', iteration: 2 };
    given(childDef, [startRun({ runId: child, parent: parentRef })])
      .when(taskSucceeded('work', 'done', { runId: child }))
      .then({
        commands: [
          {
            type: 'ChildRunEnded',
            runId: 'parent-run',
            childRunId: child,
            agent: 'sub',
            iteration: 2,
            status: 'completed',
            output: 'done',
          },
        ],
      });
    given(childDef, [startRun({ runId: child, parent: parentRef })])
      .when(taskFailed('work', { code: 'x', message: 'no' }, { runId: child }))
      .then({
        commands: [
          {
            type: 'ChildRunEnded',
            runId: 'parent-run',
            status: 'failed',
            error: { code: 'x', message: 'no' },
          },
        ],
      });
  });

  it('cancelling a parent cancels its running child run', () => {
    given(parent, [startRun()])
      .when(cancelRun('stop'))
      .then({
        events: [
          { type: 'AgentFailed' },
          { type: 'AgentSkipped' },
          { type: 'RunCancelled', data: { reason: 'stop' } },
        ],
        commands: [{ type: 'CancelRun', runId: child }],
      });
  });
});

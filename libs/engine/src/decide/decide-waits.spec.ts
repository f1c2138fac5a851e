import type { Value } from '@baton/model';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, resolveWait, startRun, taskFailed, taskSucceeded, timerFired } from '../testing/commands';
import { given } from '../testing/given';

const approval = (config: Record<string, Value>, onError: 'fail' | 'continue' = 'fail') =>
  ensemble(
    inSequence(
      agent('approve', 'wait', { config, onError }),
      agent('after', 'transform', { config: { value: '${approve.output}' } }),
    ),
  );
const waitTimeout = (seconds: number) => timerFired('wait-timeout', { agent: 'approve' }, { at: seconds });

describe('waits', () => {
  it('a wait opens under its default key <runId>:<agent> and sends no task', () => {
    given(approval({}))
      .when(startRun())
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          {
            type: 'AgentScheduled',
            data: { agent: 'approve', iteration: 0, attempt: 1, taskId: 'run-1:approve:0:1' },
          },
          { type: 'WaitStarted', data: { agent: 'approve', iteration: 0, key: 'run-1:approve' } },
        ],
        tasks: [],
      });
  });

  it('a wait opens under its evaluated key, with a time-out timer when it has a timeout', () => {
    const { decision, state } = given(approval({ key: 'order-${input.id}', timeout: '1h' })).when(
      startRun({ input: { id: 7 }, at: 10 }),
    );
    expect(decision.events[3]).toMatchObject({
      type: 'WaitStarted',
      data: { key: 'order-7', timeoutAt: at(10 + 3600) },
    });
    expect(decision.timers.map((t) => [t.timerId, t.dueAt])).toEqual([
      ['run-1:run-timeout', at(10 + 3600)],
      ['run-1:approve:0:1:wait-timeout', at(10 + 3600)],
    ]);
    expect(state.agents.approve.status).toBe('waiting');
  });

  it('a wait with notify sends a notify task that carries the wait key', () => {
    given(approval({ key: 'k-1', notify: { template: 'approval', data: { total: '${input.total}' } } }))
      .when(startRun({ input: { total: 5 } }))
      .then({
        tasks: [
          {
            taskId: 'run-1:approve:0:1:notify',
            operation: 'notify',
            agent: 'approve',
            scope: expect.objectContaining({ wait: { key: 'k-1' }, input: { total: 5 } }),
          },
        ],
      });
  });

  it("a notify task carries the wait's time-out too, when its links should expire", () => {
    const { decision } = given(
      approval({ key: 'k-2', timeout: '1h', notify: { template: 'approval' } }),
    ).when(startRun({ at: 10 }));
    expect(decision.tasks[0].scope.wait).toEqual({ key: 'k-2', expiresAt: at(10 + 3600) });
  });

  it('the result of the notify task does not resolve the wait', () => {
    const notifyResult = { ...taskSucceeded('approve', { sent: true }), taskId: 'run-1:approve:0:1:notify' };
    given(approval({ key: 'k-1', notify: { template: 'approval' } }), [startRun()])
      .when(notifyResult)
      .thenNothing();
  });

  it('ResolveWait with an open key resolves it: its value is the output and the run goes on', () => {
    given(approval({ key: 'k-1', timeout: '5m' }), [startRun()])
      .when(resolveWait('k-1', { action: 'approve' }, { at: 30 }))
      .then({
        events: [
          {
            type: 'WaitResolved',
            data: { agent: 'approve', iteration: 0, key: 'k-1', value: { action: 'approve' } },
          },
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'approve', output: { action: 'approve' } }),
          },
          { type: 'AgentScheduled' },
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'after', output: { action: 'approve' } }),
          },
          { type: 'RunCompleted' },
        ],
        cancelledTimers: ['run-1:approve:0:1:wait-timeout', 'run-1:run-timeout'],
      });
  });

  it('ResolveWait with an unknown key decides nothing', () => {
    given(approval({ key: 'k-1' }), [startRun()])
      .when(resolveWait('other', 1))
      .thenNothing();
  });

  it('ResolveWait with a key that is already closed decides nothing', () => {
    given(approval({ key: 'k-1' }), [startRun(), resolveWait('k-1', 1)])
      .when(resolveWait('k-1', 2))
      .thenNothing();
  });

  it('a wait that times out continues by default with its default value', () => {
    given(approval({ key: 'k-1', timeout: '1m', default: { action: 'reject' } }), [startRun()])
      .when(waitTimeout(60))
      .then({
        events: [
          { type: 'WaitTimedOut', data: { agent: 'approve', iteration: 0, key: 'k-1' } },
          {
            type: 'AgentSucceeded',
            data: expect.objectContaining({ agent: 'approve', output: { action: 'reject' } }),
          },
          { type: 'AgentScheduled' },
          { type: 'AgentSucceeded' },
          { type: 'RunCompleted' },
        ],
      });
  });

  it('a wait that times out without a default continues with null', () => {
    const { state } = given(approval({ timeout: '1m' }), [startRun()]).when(waitTimeout(60));
    expect(state.agents.approve).toMatchObject({ status: 'succeeded', output: null });
  });

  it('a wait with onTimeout fail fails the agent with code wait-timeout when it times out', () => {
    given(approval({ timeout: '1m', onTimeout: 'fail' }), [startRun()])
      .when(waitTimeout(60))
      .then({
        events: [
          { type: 'WaitTimedOut' },
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              agent: 'approve',
              final: true,
              error: expect.objectContaining({ code: 'wait-timeout' }),
            }),
          },
          { type: 'AgentSkipped' },
          { type: 'RunFailed' },
        ],
      });
  });

  it('a wait time-out that fires after the wait was resolved decides nothing', () => {
    given(approval({ timeout: '1m' }), [startRun(), resolveWait('run-1:approve', 1)])
      .when(waitTimeout(60))
      .thenNothing();
  });

  it('a run that ends closes its open waits', () => {
    const def = ensemble([agent('approve', 'wait', { config: { key: 'k-1' } }), agent('boom', 'code')]);
    const { state } = given(def, [startRun()]).when(taskFailed('boom'));
    expect(state.status).toBe('failed');
    expect(state.waits).toEqual({});
  });
});

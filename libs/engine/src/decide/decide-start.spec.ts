import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { admitRun, at, cancelRun, startRun, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

const twoWaves = ensemble([...inSequence(agent('a', 'code'), agent('b', 'code')), agent('c', 'http')], {
  timeoutMs: 600_000,
});

describe('starting a run', () => {
  it('StartRun requests and starts the run, schedules its time-out and the agents that depend on nothing', () => {
    given(twoWaves)
      .when(startRun({ input: { order: 7 } }))
      .then({
        events: [
          {
            type: 'RunRequested',
            data: {
              ensemble: 'test-ensemble',
              revision: 1,
              input: { order: 7 },
              trigger: { type: 'manual' },
              agents: ['a', 'b', 'c'],
            },
          },
          { type: 'RunStarted', data: {} },
          { type: 'AgentScheduled', data: { agent: 'a', iteration: 0, attempt: 1, taskId: 'run-1:a:0:1' } },
          { type: 'AgentScheduled', data: { agent: 'c', iteration: 0, attempt: 1, taskId: 'run-1:c:0:1' } },
        ],
        tasks: [
          { taskId: 'run-1:a:0:1', agent: 'a', operation: 'code' },
          { taskId: 'run-1:c:0:1', agent: 'c', operation: 'http' },
        ],
        timers: [
          {
            timerId: 'run-1:run-timeout',
            dueAt: at(600),
            command: expect.objectContaining({ type: 'TimerFired', kind: 'run-timeout', runId: 'run-1' }),
          },
        ],
        commands: [],
      });
  });

  it('every event carries the run id, the next seq, the command time, the command id as causation and its traceparent', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { decision } = given(twoWaves).when(startRun({ at: 5, traceparent }));
    expect(decision.events.map((e) => [e.seq, e.at, e.traceparent, e.version])).toEqual([
      [1, at(5), traceparent, 1],
      [2, at(5), traceparent, 1],
      [3, at(5), traceparent, 1],
      [4, at(5), traceparent, 1],
    ]);
  });

  it('later events keep the run trace when the command that caused them carries none', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { decision } = given(twoWaves, [startRun({ traceparent })]).when(taskSucceeded('a', 1));
    expect(decision.events.length).toBeGreaterThan(0);
    expect(decision.events.every((e) => e.traceparent === traceparent)).toBe(true);
  });

  it('a second StartRun for a run that exists decides nothing', () => {
    given(twoWaves, [startRun()]).when(startRun()).thenNothing();
  });

  it('a command for a run that was never requested decides nothing', () => {
    given(twoWaves).when(taskSucceeded('a', 1)).thenNothing();
  });

  it('a run of an ensemble without agents completes as soon as it starts', () => {
    given(ensemble([]))
      .when(startRun())
      .then({
        events: [
          { type: 'RunRequested' },
          { type: 'RunStarted' },
          { type: 'RunCompleted', data: { output: null } },
        ],
        // The run time-out it would have scheduled is dropped, not scheduled and cancelled.
        timers: [],
        cancelledTimers: [],
      });
  });
});

describe('a run under a concurrency policy', () => {
  const limited = ensemble([agent('a', 'code')], {
    concurrency: { key: '${input.customer}', limit: 1, onNew: 'queue' },
  });

  it('starts queued, with its evaluated concurrency key recorded, and runs nothing yet', () => {
    given(limited)
      .when(startRun({ input: { customer: 'c-42' } }))
      .then({
        events: [
          { type: 'RunRequested', data: expect.objectContaining({ concurrencyKey: 'c-42' }) },
          { type: 'RunQueued', data: { reason: 'concurrency', key: 'c-42' } },
        ],
        tasks: [],
        timers: [],
      });
  });

  it('starts with its first agents and its time-out once admitted', () => {
    given(limited, [startRun({ input: { customer: 'c-42' } })])
      .when(admitRun({ at: 30 }))
      .then({
        events: [
          { type: 'RunStarted' },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'a' }) },
        ],
        tasks: [{ agent: 'a' }],
        timers: [{ timerId: 'run-1:run-timeout', dueAt: at(30 + 3600) }],
      });
  });

  it('an AdmitRun for a run that already runs decides nothing', () => {
    given(limited, [startRun({ input: { customer: 'c-42' } }), admitRun()])
      .when(admitRun())
      .thenNothing();
  });

  it('a queued run can be cancelled before it starts', () => {
    given(limited, [startRun({ input: { customer: 'c-42' } })])
      .when(cancelRun('superseded'))
      .then({
        events: [
          { type: 'AgentSkipped', data: { agent: 'a', reason: 'run-ended' } },
          { type: 'RunCancelled', data: { reason: 'superseded' } },
        ],
        cancelledTimers: [],
      });
  });

  it('a concurrency key that cannot be evaluated fails the run', () => {
    const broken = ensemble([agent('a', 'code')], {
      concurrency: { key: '${nope()}', limit: 1, onNew: 'queue' },
    });
    const { decision } = given(broken).when(startRun());
    expect(decision.events.map((e) => e.type)).toEqual(['RunRequested', 'AgentSkipped', 'RunFailed']);
    expect(decision.events[2].data).toEqual({ error: expect.objectContaining({ code: 'concurrency-key' }) });
  });
});

import { EVENT_VERSIONS, type EventPayloads, type EventType, type RunEvent } from './events';
import { evolve, foldEvents } from './evolve';
import { initialRunState } from './run-state';

function history() {
  let seq = 0;
  return <T extends EventType>(type: T, data: EventPayloads[T], at = '2025-01-01T00:00:00.000Z'): RunEvent =>
    ({
      type,
      version: EVENT_VERSIONS[type],
      runId: 'run-1',
      seq: ++seq,
      at,
      causationId: `c${seq}`,
      data,
    }) as RunEvent;
}

const requested = (e: ReturnType<typeof history>, agents = ['a', 'b']) =>
  e('RunRequested', { ensemble: 'e', revision: 3, input: { n: 1 }, trigger: { type: 'manual' }, agents });

describe('evolve', () => {
  it('a run is pending before it is requested, queued once requested and running once started', () => {
    const e = history();
    const events = [requested(e), e('RunStarted', {}, '2025-01-01T00:00:02.000Z')];
    expect(initialRunState().status).toBe('pending');
    expect(foldEvents(events.slice(0, 1))).toMatchObject({
      status: 'queued',
      runId: 'run-1',
      revision: 3,
      input: { n: 1 },
    });
    expect(foldEvents(events)).toMatchObject({
      status: 'running',
      startedAt: '2025-01-01T00:00:02.000Z',
      seq: 2,
    });
  });

  it('a requested run lists every agent of its revision as pending', () => {
    const e = history();
    const state = foldEvents([requested(e, ['x', 'y'])]);
    expect(Object.keys(state.agents)).toEqual(['x', 'y']);
    expect(state.agents.x.status).toBe('pending');
  });

  it('an event leaves the agents it does not concern as they were (structural sharing)', () => {
    const e = history();
    const before = foldEvents([requested(e), e('RunStarted', {})]);
    const after = evolve(before, e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't' }));
    expect(after.agents.b).toBe(before.agents.b);
    expect(after.state).toBe(before.state);
    expect(after.agents.a).not.toBe(before.agents.a);
  });

  it('folding never changes the state it starts from', () => {
    const e = history();
    const before = foldEvents([requested(e), e('RunStarted', {})]);
    const snapshot = JSON.stringify(before);
    evolve(before, e('StateUpdated', { agent: 'a', changes: { k: 1 } }));
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('StateUpdated merges its changes into the run state values', () => {
    const e = history();
    const state = foldEvents([
      requested(e),
      e('StateUpdated', { agent: 'a', changes: { x: 1, y: 2 } }),
      e('StateUpdated', { agent: 'b', changes: { y: 3 } }),
    ]);
    expect(state.state).toEqual({ x: 1, y: 3 });
  });

  it('a loop agent succeeds once every item has, with the array of item outputs in item order', () => {
    const e = history();
    const items = ['p', 'q'];
    const state = foldEvents([
      requested(e),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't0', item: 'p', items }),
      e('AgentScheduled', { agent: 'a', iteration: 1, attempt: 1, taskId: 't1', item: 'q' }),
      e('AgentSucceeded', {
        agent: 'a',
        level: 'attempt',
        iteration: 1,
        attempt: 1,
        taskId: 't1',
        output: 'Q',
      }),
    ]);
    expect(state.agents.a.status).toBe('running');
    const done = evolve(
      state,
      e('AgentSucceeded', {
        agent: 'a',
        level: 'attempt',
        iteration: 0,
        attempt: 1,
        taskId: 't0',
        output: 'P',
      }),
    );
    expect(done.agents.a).toMatchObject({ status: 'succeeded', output: ['P', 'Q'], outputs: ['P', 'Q'] });
  });

  it('a loop agent fails as soon as one of its items finally fails', () => {
    const e = history();
    const error = { code: 'x', message: 'no' };
    const state = foldEvents([
      requested(e),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't0', item: 1, items: [1, 2] }),
      e('AgentScheduled', { agent: 'a', iteration: 1, attempt: 1, taskId: 't1', item: 2 }),
      e('AgentFailed', {
        agent: 'a',
        level: 'attempt',
        iteration: 1,
        attempt: 1,
        taskId: 't1',
        error,
        final: true,
      }),
    ]);
    expect(state.agents.a).toMatchObject({ status: 'failed', error });
    expect(state.agents.a.iterations[0].status).toBe('running');
  });

  it('a failure that is not final leaves the iteration retrying and the agent running', () => {
    const e = history();
    const state = foldEvents([
      requested(e),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't' }),
      e('AgentFailed', {
        agent: 'a',
        level: 'attempt',
        iteration: 0,
        attempt: 1,
        taskId: 't',
        error: { code: 'x', message: 'm' },
        final: false,
      }),
      e('AgentRetryScheduled', {
        agent: 'a',
        iteration: 0,
        attempt: 2,
        delayMs: 1000,
        dueAt: '2025-01-01T00:00:01.000Z',
      }),
    ]);
    expect(state.agents.a.status).toBe('running');
    expect(state.agents.a.iterations[0]).toMatchObject({ status: 'retrying', nextAttempt: 2 });
  });

  it('an agent-level success finishes the agent as a whole without any attempt', () => {
    const e = history();
    const state = foldEvents([requested(e), e('AgentSucceeded', { agent: 'a', level: 'agent', output: [] })]);
    expect(state.agents.a).toMatchObject({ status: 'succeeded', output: [], outputs: [], attempts: 0 });
  });

  it("a worker's start splits an attempt's time into queueing and running, summed over attempts", () => {
    const e = history();
    const t = (seconds: number) =>
      new Date(Date.parse('2025-01-01T00:00:00.000Z') + seconds * 1000).toISOString();
    const error = { code: 'x', message: 'm' };
    const state = foldEvents([
      requested(e),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't1' }, t(0)),
      e('AgentStarted', { agent: 'a', iteration: 0, attempt: 1, taskId: 't1', startedAt: t(2) }, t(5)),
      e(
        'AgentFailed',
        { agent: 'a', level: 'attempt', iteration: 0, attempt: 1, taskId: 't1', error, final: false },
        t(5),
      ),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 2, taskId: 't2' }, t(6)),
      e('AgentStarted', { agent: 'a', iteration: 0, attempt: 2, taskId: 't2', startedAt: t(7) }, t(10)),
      e(
        'AgentSucceeded',
        { agent: 'a', level: 'attempt', iteration: 0, attempt: 2, taskId: 't2', output: 1 },
        t(10),
      ),
    ]);
    expect(state.agents.a).toMatchObject({ status: 'succeeded', queuedMs: 3000, runningMs: 6000 });
    expect(state.agents.b.queuedMs).toBeUndefined();
  });

  it('a wait is open from WaitStarted until it is resolved or times out', () => {
    const e = history();
    const open = foldEvents([
      requested(e),
      e('AgentScheduled', { agent: 'a', iteration: 0, attempt: 1, taskId: 't' }),
      e('WaitStarted', { agent: 'a', iteration: 0, key: 'k' }),
    ]);
    expect(open.waits.k).toEqual({ agent: 'a', iteration: 0, attempt: 1, timeoutAt: undefined });
    expect(open.agents.a.status).toBe('waiting');
    const resolved = evolve(open, e('WaitResolved', { agent: 'a', iteration: 0, key: 'k', value: 1 }));
    expect(resolved.waits).toEqual({});
    expect(resolved.agents.a.status).toBe('running');
  });

  it('a terminal event ends the run with its output or error and time', () => {
    const e = history();
    const base = [requested(e), e('RunStarted', {})];
    expect(foldEvents([...base, e('RunCompleted', { output: 5 }, '2025-01-01T00:01:00.000Z')])).toMatchObject(
      {
        status: 'completed',
        output: 5,
        finishedAt: '2025-01-01T00:01:00.000Z',
      },
    );
    const f = history();
    expect(foldEvents([requested(f), f('RunCancelled', { reason: 'stop' })])).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'stop' },
    });
  });
});

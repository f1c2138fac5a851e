/**
 * Attempts an open circuit breaker refused (outcomes.ts `deferAttempt`): they never reached the
 * remote, so they do not count; the same attempt is sent again at the breaker's probe.
 */
import {
  at,
  cancelRun,
  startRun,
  taskDeferred,
  taskFailed,
  taskSucceeded,
  timerFired,
} from '../testing/commands';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { given } from '../testing/given';

const once = ensemble(inSequence(agent('call', 'http', { timeoutMs: 5000 })));
const twice = ensemble(
  inSequence(agent('call', 'http', { retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 1000 } })),
);

describe('attempts deferred by an open breaker', () => {
  it('a refused attempt is recorded as deferred to the probe and waits for it, without failing', () => {
    given(once, [startRun()])
      .when(taskDeferred('call', 10, { at: 1 }))
      .then({
        events: [
          {
            type: 'AgentDeferred',
            data: {
              agent: 'call',
              iteration: 0,
              attempt: 1,
              taskId: 'run-1:call:0:1',
              reason: 'breaker-open',
              error: { code: 'circuit-open', message: "circuit 'http:api' is open" },
              delayMs: 9000,
              dueAt: at(10),
            },
          },
        ],
        timers: [{ timerId: 'run-1:call:0:1d1:retry', dueAt: at(10) }],
        cancelledTimers: ['run-1:call:0:1:attempt-timeout'],
      });
  });

  it('a deferral does not count as an attempt: an agent with one attempt is sent again, same number, new task id', () => {
    given(once, [startRun(), taskDeferred('call', 10, { at: 1 })])
      .when(timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }))
      .then({
        events: [
          {
            type: 'AgentScheduled',
            data: { agent: 'call', iteration: 0, attempt: 1, taskId: 'run-1:call:0:1d1' },
          },
        ],
        tasks: [{ taskId: 'run-1:call:0:1d1', attempt: 1 }],
        timers: [{ timerId: 'run-1:call:0:1d1:attempt-timeout' }],
      });
  });

  it('the run fails only when its own attempts fail: the one attempt, sent again, fails for real', () => {
    const { state } = given(once, [
      startRun(),
      taskDeferred('call', 10, { at: 1 }),
      timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }),
    ]).when(taskFailed('call', { code: 'http-503', message: 'down' }, { at: 11, deferrals: 1 }));
    expect(state.status).toBe('failed');
    expect(state.agents.call).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'http-503' } });
  });

  it('a result of the refused sending arriving again changes nothing once the attempt was sent again', () => {
    given(once, [
      startRun(),
      taskDeferred('call', 10, { at: 1 }),
      timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }),
    ])
      .when(taskDeferred('call', 20, { at: 11 }))
      .then({ events: [] });
  });

  it('a timer of the refused sending is stale once the attempt was deferred again', () => {
    given(once, [
      startRun(),
      taskDeferred('call', 10, { at: 1 }),
      timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }),
      taskDeferred('call', 20, { at: 11, deferrals: 1 }),
    ])
      .when(timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 12 }))
      .then({ events: [] });
  });

  it('a retry after a deferral is the next attempt, under ids that name the deferral', () => {
    given(twice, [
      startRun(),
      taskDeferred('call', 10, { at: 1 }),
      timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }),
    ])
      .when(taskFailed('call', { code: 'http-503', message: 'down' }, { at: 11, deferrals: 1 }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ attempt: 1, final: false }) },
          { type: 'AgentRetryScheduled', data: expect.objectContaining({ attempt: 2 }) },
        ],
        timers: [{ timerId: 'run-1:call:0:2d1:retry', dueAt: at(12) }],
      });
  });

  it('a deferral waits at least a moment when the probe time is already past', () => {
    given(once, [startRun()])
      .when(taskDeferred('call', 0, { at: 5 }))
      .then({ timers: [{ timerId: 'run-1:call:0:1d1:retry', dueAt: '2025-01-01T00:00:05.100Z' }] });
  });

  it('a run cancelled while an attempt is deferred cancels the deferral’s timer', () => {
    given(once, [startRun(), taskDeferred('call', 10, { at: 1 })])
      .when(cancelRun())
      .then({ cancelledTimers: ['run-1:call:0:1d1:retry', 'run-1:run-timeout'] });
  });

  it('a succeeded attempt sent again finishes the agent as usual', () => {
    const { state } = given(once, [
      startRun(),
      taskDeferred('call', 10, { at: 1 }),
      timerFired('retry', { agent: 'call', attempt: 1, deferrals: 1 }, { at: 10 }),
    ]).when(taskSucceeded('call', 'ok', { at: 11, deferrals: 1 }));
    expect(state.agents.call).toMatchObject({ status: 'succeeded', attempts: 1, output: 'ok' });
  });
});

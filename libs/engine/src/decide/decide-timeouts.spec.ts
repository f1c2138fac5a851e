import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, startRun, taskSucceeded, timerFired } from '../testing/commands';
import { given } from '../testing/given';

const slow = (maxAttempts: number) =>
  ensemble(
    inSequence(
      agent('call', 'http', {
        timeoutMs: 2000,
        retry: { maxAttempts, backoff: 'fixed', initialDelayMs: 500 },
      }),
      agent('next', 'code'),
    ),
    { timeoutMs: 60_000 },
  );
const attemptTimeout = (attempt = 1, seconds = 2) =>
  timerFired('attempt-timeout', { agent: 'call', attempt }, { at: seconds });

describe('attempt time-outs', () => {
  it('an attempt still open when its time-out fires fails with code timeout and is retried under the retry rules', () => {
    given(slow(2), [startRun()])
      .when(attemptTimeout())
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              attempt: 1,
              final: false,
              error: expect.objectContaining({ code: 'timeout' }),
            }),
          },
          {
            type: 'AgentRetryScheduled',
            data: expect.objectContaining({ attempt: 2, delayMs: 500, dueAt: at(2.5) }),
          },
        ],
        timers: [{ timerId: 'run-1:call:0:2:retry' }],
      });
  });

  it('an attempt time-out with no attempts left fails the agent', () => {
    given(slow(1), [startRun()])
      .when(attemptTimeout())
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              final: true,
              error: expect.objectContaining({ code: 'timeout' }),
            }),
          },
          { type: 'AgentSkipped' },
          { type: 'RunFailed', data: { error: expect.objectContaining({ code: 'timeout', agent: 'call' }) } },
        ],
      });
  });

  it('the late result of an attempt that timed out is ignored', () => {
    given(slow(2), [startRun(), attemptTimeout()])
      .when(taskSucceeded('call', 'late', { at: 3 }))
      .thenNothing();
  });

  it('a result that arrives first cancels the attempt time-out timer', () => {
    given(slow(2), [startRun()])
      .when(taskSucceeded('call', 'fast', { at: 1 }))
      .then({ cancelledTimers: ['run-1:call:0:1:attempt-timeout'] });
  });

  it('an attempt time-out that fires after its result decides nothing', () => {
    given(slow(2), [startRun(), taskSucceeded('call', 'fast', { at: 1 })])
      .when(attemptTimeout())
      .thenNothing();
  });
});

describe('the run time-out', () => {
  it('the run timer times the run out: open attempts are abandoned, agents not started are skipped', () => {
    given(slow(2), [startRun()])
      .when(timerFired('run-timeout', {}, { at: 60 }))
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              agent: 'call',
              final: true,
              error: expect.objectContaining({ code: 'abandoned' }),
            }),
          },
          { type: 'AgentSkipped', data: { agent: 'next', reason: 'run-ended' } },
          { type: 'RunTimedOut', data: { timeoutMs: 60_000 } },
        ],
        cancelledTimers: ['run-1:call:0:1:attempt-timeout'],
      });
  });

  it('a timed-out run has status timed_out', () => {
    const { state } = given(slow(2), [startRun()]).when(timerFired('run-timeout', {}, { at: 60 }));
    expect(state.status).toBe('timed_out');
    expect(state.finishedAt).toBe(at(60));
  });

  it('a run time-out that fires after the run ended decides nothing', () => {
    given(slow(1), [startRun(), taskSucceeded('call', 1), taskSucceeded('next', 2)])
      .when(timerFired('run-timeout', {}, { at: 60 }))
      .thenNothing();
  });
});

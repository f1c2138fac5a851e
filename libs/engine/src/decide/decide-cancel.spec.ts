import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, cancelRun, startRun, taskFailed } from '../testing/commands';
import { given } from '../testing/given';

describe('cancelling a run', () => {
  const def = ensemble([
    ...inSequence(
      agent('a', 'http', {
        timeoutMs: 1000,
        retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 100 },
      }),
      agent('b', 'code'),
    ),
    agent('nap', 'sleep', { config: { duration: '1h' } }),
  ]);

  it('CancelRun abandons open attempts, skips agents not started and ends the run cancelled', () => {
    given(def, [startRun()])
      .when(cancelRun('operator asked', { at: 9 }))
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              agent: 'a',
              final: true,
              error: expect.objectContaining({ code: 'abandoned' }),
            }),
          },
          { type: 'AgentSkipped', data: { agent: 'b', reason: 'run-ended' } },
          { type: 'AgentFailed', data: expect.objectContaining({ agent: 'nap', final: true }) },
          { type: 'RunCancelled', data: { reason: 'operator asked' } },
        ],
        cancelledTimers: ['run-1:a:0:1:attempt-timeout', 'run-1:nap:0:1:sleep', 'run-1:run-timeout'],
      });
  });

  it('cancelling a run whose agent waits for a retry cancels the retry timer', () => {
    given(def, [startRun(), taskFailed('a')])
      .when(cancelRun())
      .then({ cancelledTimers: ['run-1:a:0:2:retry', 'run-1:nap:0:1:sleep', 'run-1:run-timeout'] });
  });

  it('a cancelled run has status cancelled and its finish time', () => {
    const { state } = given(def, [startRun()]).when(cancelRun('x', { at: 9 }));
    expect(state).toMatchObject({ status: 'cancelled', finishedAt: at(9) });
  });
});

import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { cancelRun, resolveWait, startRun, taskFailed, taskSucceeded, timerFired } from '../testing/commands';
import { given } from '../testing/given';

const def = ensemble(
  inSequence(
    agent('a', 'http', { retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 100 } }),
    agent('b', 'code'),
  ),
);

describe('idempotency', () => {
  it('the same task result applied twice decides nothing the second time', () => {
    const result = taskSucceeded('a', 1);
    given(def, [startRun(), result]).when(result).thenNothing();
  });

  it('a failed result applied twice schedules one retry only', () => {
    const failure = taskFailed('a');
    given(def, [startRun(), failure]).when(failure).thenNothing();
  });

  it('a result for an attempt that is no longer the open one (stale) decides nothing', () => {
    const history = [startRun(), taskFailed('a'), timerFired('retry', { agent: 'a', attempt: 2 })];
    given(def, history)
      .when(taskSucceeded('a', 'from attempt 1', { attempt: 1 }))
      .thenNothing();
  });

  it('a result that names the open attempt with another task id decides nothing', () => {
    const forged = { ...taskSucceeded('a', 1), taskId: 'run-1:a:0:1:notify' };
    given(def, [startRun()]).when(forged).thenNothing();
  });

  it('a retry timer delivered twice starts the next attempt once', () => {
    const retry = timerFired('retry', { agent: 'a', attempt: 2 });
    given(def, [startRun(), taskFailed('a'), retry])
      .when(retry)
      .thenNothing();
  });

  it('a retry timer for an attempt that was never scheduled decides nothing', () => {
    given(def, [startRun(), taskFailed('a')])
      .when(timerFired('retry', { agent: 'a', attempt: 3 }))
      .thenNothing();
  });

  it('a finished run decides nothing for any command', () => {
    const history = [startRun(), taskSucceeded('a', 1), taskSucceeded('b', 2)];
    for (const command of [
      startRun(),
      taskSucceeded('a', 1),
      taskFailed('b'),
      cancelRun(),
      resolveWait('k', 1),
      timerFired('run-timeout'),
    ]) {
      given(def, history).when(command).thenNothing();
    }
  });

  it('a cancelled run decides nothing when cancelled again', () => {
    given(def, [startRun(), cancelRun()]).when(cancelRun()).thenNothing();
  });

  it('a result for an agent the definition does not have decides nothing', () => {
    given(def, [startRun()]).when(taskSucceeded('ghost', 1)).thenNothing();
  });
});

import { delayedStartTimerId, idempotencyKey, sentRunId, startRun as startCommand } from '@baton/intake';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, startRun, taskFailed, taskSucceeded } from '../testing/commands';
import { given } from '../testing/given';

/** The StartRun a worker prepared for the `notify` agent's send to `ensemble` (iteration 0). */
const sent = (ensemble: string, runId = sentRunId(idempotencyKey('run-1', 'notify', 0), ensemble)) =>
  startCommand({
    runId,
    at: at(2),
    ensemble,
    revision: 3,
    input: { order: 7 },
    trigger: { type: 'event', event: 'order.created', from: { runId: 'run-1', agent: 'notify' } },
  });

const withSends = (agentName: string, sends: unknown) => {
  const result = taskSucceeded(agentName, { runIds: ['x'] });
  return { ...result, outcome: { ...result.outcome, sends } } as typeof result;
};

describe("a sending step's runs", () => {
  it('are started by the decision that records its success, as commands', () => {
    given(ensemble(inSequence(agent('notify', 'emit'))), [startRun()])
      .when(withSends('notify', [{ command: sent('billing') }, { command: sent('audit') }]))
      .then({
        events: [
          { type: 'AgentSucceeded', data: expect.objectContaining({ agent: 'notify' }) },
          { type: 'RunCompleted', data: expect.anything() },
        ],
        commands: [sent('billing'), sent('audit')],
        timers: [],
      });
  });

  it('are started by a timer when the send is delayed', () => {
    const command = { ...sent('billing'), at: at(60) };
    given(ensemble(inSequence(agent('notify', 'storage'))), [startRun()])
      .when(withSends('notify', [{ command, dueAt: at(60) }]))
      .then({
        commands: [],
        timers: [
          { timerId: delayedStartTimerId(command.runId), runId: command.runId, dueAt: at(60), command },
        ],
      });
  });

  it('are started again when the result is decided again (a redelivery after a crash), under the same ids', () => {
    const history = [startRun()];
    const result = withSends('notify', [{ command: sent('billing') }]);
    given(ensemble(inSequence(agent('notify', 'emit'))), history)
      .when(result)
      .then({ commands: [sent('billing')] });
    given(ensemble(inSequence(agent('notify', 'emit'))), history)
      .when(result)
      .then({ commands: [sent('billing')] });
  });

  it('are dropped when the result does not count (a stale or duplicate attempt)', () => {
    const result = withSends('notify', [{ command: sent('billing') }]);
    given(ensemble(inSequence(agent('notify', 'emit'))), [startRun(), result])
      .when(result)
      .then({ events: [], commands: [] });
  });

  it('are dropped when the step failed: a failed send starts nothing', () => {
    given(
      ensemble(
        inSequence(
          agent('notify', 'emit', { retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 1000 } }),
        ),
      ),
      [startRun()],
    )
      .when(taskFailed('notify', { code: 'boom', message: 'no' }))
      .then({ commands: [] });
  });

  it('are refused from an agent that does not send, and when not named after the attempt', () => {
    given(ensemble(inSequence(agent('notify', 'http'))), [startRun()])
      .when(withSends('notify', [{ command: sent('billing') }]))
      .then({ commands: [], timers: [] });
    given(ensemble(inSequence(agent('notify', 'emit'))), [startRun()])
      .when(
        withSends('notify', [
          { command: sent('billing', 'a-run-id-of-my-choosing') },
          { command: sent('billing', sentRunId(idempotencyKey('run-1', 'notify', 1), 'billing')) },
          { command: { ...sent('audit'), type: 'CancelRun' } },
          { command: sent('audit'), dueAt: 'not a time' },
        ]),
      )
      .then({ commands: [], timers: [] });
  });
});

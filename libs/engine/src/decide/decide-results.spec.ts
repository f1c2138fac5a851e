import type { Backoff } from '@baton/model';
import type { Command } from '../commands';
import { agent, ensemble, inSequence } from '../testing/definition-builder';
import { at, fired, startRun, taskFailed, taskSucceeded, timerFired } from '../testing/commands';
import { given } from '../testing/given';

const retried = (backoff: Backoff, maxDelayMs?: number) =>
  ensemble(
    inSequence(
      agent('call', 'http', {
        retry: {
          maxAttempts: 4,
          backoff,
          initialDelayMs: 1000,
          ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
        },
      }),
      agent('after', 'code'),
    ),
  );

describe('task results', () => {
  it('a successful result finishes the agent and starts the agents that were waiting for it', () => {
    given(retried('fixed'), [startRun()])
      .when(taskSucceeded('call', { id: 1 }, { response: { status: 201, headers: { 'x-id': '1' } } }))
      .then({
        events: [
          {
            type: 'AgentSucceeded',
            data: {
              agent: 'call',
              level: 'attempt',
              iteration: 0,
              attempt: 1,
              taskId: 'run-1:call:0:1',
              output: { id: 1 },
              response: { status: 201, headers: { 'x-id': '1' } },
            },
          },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'after' }) },
        ],
        tasks: [{ agent: 'after' }],
      });
  });

  it("a think agent's token usage is recorded with its output", () => {
    const usage = { inputTokens: 12, outputTokens: 30, totalTokens: 42 };
    given(ensemble(inSequence(agent('ponder', 'think'))), [startRun()])
      .when(taskSucceeded('ponder', 'an answer', { usage }))
      .then({
        events: [
          {
            type: 'AgentSucceeded',
            data: {
              agent: 'ponder',
              level: 'attempt',
              iteration: 0,
              attempt: 1,
              taskId: 'run-1:ponder:0:1',
              output: 'an answer',
              usage,
            },
          },
          { type: 'RunCompleted', data: expect.anything() },
        ],
      });
  });

  it("records the worker's start of the attempt as AgentStarted, in the decision of its outcome", () => {
    const result = { ...taskSucceeded('call', { id: 1 }, { at: 3 }), startedAt: at(1.5) };
    given(retried('fixed'), [startRun({ at: 1 })])
      .when(result)
      .then({
        events: [
          {
            type: 'AgentStarted',
            data: { agent: 'call', iteration: 0, attempt: 1, taskId: 'run-1:call:0:1', startedAt: at(1.5) },
          },
          { type: 'AgentSucceeded', data: expect.objectContaining({ agent: 'call', level: 'attempt' }) },
          { type: 'AgentScheduled', data: expect.objectContaining({ agent: 'after' }) },
        ],
        tasks: [{ agent: 'after' }],
      });
    // The same result again (a redelivered task) records nothing, AgentStarted included.
    given(retried('fixed'), [startRun({ at: 1 }), result])
      .when(result)
      .thenNothing();
  });

  it("keeps a worker's start between the attempt's scheduling and its result whatever the clocks say", () => {
    const early = { ...taskSucceeded('call', { id: 1 }, { at: 3 }), startedAt: at(0) };
    const late = { ...taskFailed('call', undefined, { at: 3 }), startedAt: at(9) };
    const startedAt = (result: Command) =>
      given(retried('fixed'), [startRun({ at: 1 })]).when(result).decision.events[0].data;
    expect(startedAt(early)).toMatchObject({ startedAt: at(1) });
    expect(startedAt(late)).toMatchObject({ startedAt: at(3) });
    const garbled = { ...taskSucceeded('call', { id: 1 }, { at: 3 }), startedAt: 'soon' };
    expect(given(retried('fixed'), [startRun()]).when(garbled).decision.events[0].type).toBe(
      'AgentSucceeded',
    );
  });

  it('a failed attempt with attempts left is retried after the back-off, on a durable timer', () => {
    given(retried('exponential'), [startRun()])
      .when(taskFailed('call', { code: 'http', message: 'bad gateway', status: 502 }, { at: 3 }))
      .then({
        events: [
          {
            type: 'AgentFailed',
            data: {
              agent: 'call',
              level: 'attempt',
              iteration: 0,
              attempt: 1,
              taskId: 'run-1:call:0:1',
              error: { code: 'http', message: 'bad gateway', status: 502 },
              final: false,
            },
          },
          {
            type: 'AgentRetryScheduled',
            data: { agent: 'call', iteration: 0, attempt: 2, delayMs: 1000, dueAt: at(4) },
          },
        ],
        tasks: [],
        timers: [
          {
            timerId: 'run-1:call:0:2:retry',
            dueAt: at(4),
            command: expect.objectContaining({ kind: 'retry', agent: 'call', iteration: 0, attempt: 2 }),
          },
        ],
      });
  });

  it('the retry timer starts the next attempt as a new task', () => {
    const failed = given(retried('exponential'), [startRun()]).when(taskFailed('call', undefined, { at: 3 }));
    given(retried('exponential'), [startRun(), taskFailed('call', undefined, { at: 3 })])
      .when(fired(failed.decision.timers[0]))
      .then({
        events: [
          {
            type: 'AgentScheduled',
            data: { agent: 'call', iteration: 0, attempt: 2, taskId: 'run-1:call:0:2' },
          },
        ],
        tasks: [{ taskId: 'run-1:call:0:2', idempotencyKey: 'run-1:call:0', attempt: 2 }],
      });
  });

  it.each([
    ['exponential', undefined, [1000, 2000, 4000]],
    ['linear', undefined, [1000, 2000, 3000]],
    ['fixed', undefined, [1000, 1000, 1000]],
    ['exponential', 1500, [1000, 1500, 1500]],
  ] as const)('%s back-off (max delay %s) waits %j between attempts', (backoff, maxDelayMs, delays) => {
    const def = retried(backoff, maxDelayMs);
    const history: Command[] = [startRun()];
    const seen: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const failure = taskFailed('call', undefined, { attempt });
      const { decision } = given(def, history).when(failure);
      const retry = decision.events.find((e) => e.type === 'AgentRetryScheduled');
      seen.push((retry?.data as { delayMs: number }).delayMs);
      history.push(failure, fired(decision.timers[0]));
    }
    expect(seen).toEqual(delays);
  });

  it('the last allowed attempt failing is final and fails the run (onError fail)', () => {
    const def = retried('fixed');
    const history: Command[] = [startRun()];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      history.push(
        taskFailed('call', undefined, { attempt }),
        timerFired('retry', { agent: 'call', attempt: attempt + 1 }),
      );
    }
    given(def, history)
      .when(taskFailed('call', { code: 'http', message: 'still down' }, { attempt: 4 }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ attempt: 4, final: true }) },
          { type: 'AgentSkipped', data: { agent: 'after', reason: 'run-ended' } },
          { type: 'RunFailed', data: { error: { code: 'http', message: 'still down', agent: 'call' } } },
        ],
        tasks: [],
        cancelledTimers: ['run-1:run-timeout'],
      });
  });

  it('a failure the worker marks not retryable is final at once', () => {
    given(retried('fixed'), [startRun()])
      .when(taskFailed('call', { code: 'validation', message: 'bad input' }, { retryable: false }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ final: true }) },
          { type: 'AgentSkipped' },
          { type: 'RunFailed' },
        ],
      });
  });

  it('with retryOn, a failure whose status is not listed is final', () => {
    const def = ensemble([
      agent('call', 'http', {
        retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 1000, retryOn: [503] },
      }),
    ]);
    given(def, [startRun()])
      .when(taskFailed('call', { code: 'http', message: 'not found', status: 404 }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ final: true }) },
          { type: 'RunFailed' },
        ],
      });
    given(def, [startRun()])
      .when(taskFailed('call', { code: 'http', message: 'unavailable', status: 503 }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ final: false }) },
          { type: 'AgentRetryScheduled' },
        ],
      });
  });
});

describe('onError', () => {
  const parallelThenJoin = (onError: 'fail' | 'continue') =>
    ensemble([
      agent('pay', 'http', { onError }),
      agent('ship', 'http'),
      agent('report', 'transform', {
        dependsOn: ['pay', 'ship'],
        config: { value: { paid: '${pay.success}', failed: '${pay.failed}', why: '${pay.error.message}' } },
      }),
    ]);

  it('onError fail: a final failure fails the run, no new agent starts and running tasks are abandoned', () => {
    given(parallelThenJoin('fail'), [startRun()])
      .when(taskFailed('pay', { code: 'http', message: 'declined', status: 402 }))
      .then({
        events: [
          { type: 'AgentFailed', data: expect.objectContaining({ agent: 'pay', final: true }) },
          {
            type: 'AgentFailed',
            data: expect.objectContaining({
              agent: 'ship',
              final: true,
              error: expect.objectContaining({ code: 'abandoned' }),
            }),
          },
          { type: 'AgentSkipped', data: { agent: 'report', reason: 'run-ended' } },
          {
            type: 'RunFailed',
            data: { error: { code: 'http', message: 'declined', status: 402, agent: 'pay' } },
          },
        ],
        tasks: [],
      });
  });

  it('onError fail: the later result of an abandoned task is ignored', () => {
    given(parallelThenJoin('fail'), [startRun(), taskFailed('pay')])
      .when(taskSucceeded('ship', 1))
      .thenNothing();
  });

  it('onError continue: later agents run and see success false, failed true and the error', () => {
    const { state } = given(parallelThenJoin('continue'), [
      startRun(),
      taskFailed('pay', { code: 'http', message: 'declined' }),
    ]).when(taskSucceeded('ship', 1));
    expect(state.agents.report.output).toEqual({ paid: false, failed: true, why: 'declined' });
    expect(state.status).toBe('completed');
  });
});

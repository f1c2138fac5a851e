import { evolve, initialRunState } from '@baton/engine';
import { notificationEventOf, candidateNotificationEvents } from './notification-event';
import { notificationPayload, templateData } from './notification-payload';
import { completedRun, stateAfter } from './testing/notification-fixtures';

describe('notification events and payloads', () => {
  const events = completedRun();
  const named = () => {
    const names: Array<[string, string | undefined]> = [];
    let state = initialRunState();
    for (const event of events) {
      const before = state;
      state = evolve(state, event);
      names.push([event.type, notificationEventOf(before, state, event)]);
    }
    return names;
  };

  it('names the notification event of each run event that is one', () => {
    expect(named()).toEqual([
      ['RunRequested', undefined],
      ['RunStarted', 'execution.started'],
      ['AgentScheduled', undefined],
      ['AgentSucceeded', 'agent.completed'],
      ['StateUpdated', 'state.updated'],
      ['RunCompleted', 'execution.completed'],
    ]);
    expect(candidateNotificationEvents('RunTimedOut')).toEqual(['execution.timeout']);
    expect(candidateNotificationEvents('AgentFailed')).toEqual(['agent.failed']);
    expect(candidateNotificationEvents('WaitStarted')).toEqual([]);
  });

  it('says agent.failed only when the agent fails for good, not for an attempt that is retried', () => {
    const started = stateAfter(events, 3);
    const retried = {
      ...events[3],
      type: 'AgentFailed',
      data: {
        agent: 'check',
        level: 'attempt',
        iteration: 0,
        attempt: 1,
        taskId: 'run-1:check:0:1',
        error: { code: 'http-503', message: 'answered 503' },
        final: false,
      },
    } as unknown as (typeof events)[number];
    const afterRetry = evolve(started, retried);
    expect(notificationEventOf(started, afterRetry, retried)).toBeUndefined();
    const final = { ...retried, data: { ...(retried.data as object), final: true } } as typeof retried;
    expect(notificationEventOf(started, evolve(started, final), final)).toBe('agent.failed');
  });

  it("builds dsl.md's body for a run event: the run's status, output, error and duration", () => {
    const payload = notificationPayload(stateAfter(events, 6), events[5], 'execution.completed');
    expect(payload).toEqual({
      event: 'execution.completed',
      timestamp: '2026-12-01T10:00:03.000Z',
      data: {
        id: 'run-1',
        ensemble: 'approvals',
        status: 'completed',
        output: { decision: 'approved', shared: 'output' },
        error: null,
        duration: 3000,
      },
    });
  });

  it('names the agent and gives its output and duration for agent events, the changes for state.updated', () => {
    expect(notificationPayload(stateAfter(events, 4), events[3], 'agent.completed').data).toEqual({
      id: 'run-1',
      ensemble: 'approvals',
      status: 'running',
      agent: 'check',
      output: { risk: 'low' },
      error: null,
      duration: 2000,
    });
    expect(notificationPayload(stateAfter(events, 5), events[4], 'state.updated').data).toMatchObject({
      agent: 'check',
      changes: { reviewed: true },
      state: { reviewed: true },
    });
  });

  it("gives templates the payload's fields over the output's over the input's", () => {
    const state = stateAfter(events, 6);
    const data = templateData(notificationPayload(state, events[5], 'execution.completed'), state);
    expect(data).toMatchObject({
      expenseId: 'exp-9',
      amount: 120,
      decision: 'approved',
      shared: 'output',
      status: 'completed',
      id: 'run-1',
    });
  });
});

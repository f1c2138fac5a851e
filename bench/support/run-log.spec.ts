import { eventsOfMessage } from './run-log';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('eventsOfMessage', () => {
  it('reads a message holding one event (the first layout)', () => {
    const event = { type: 'RunCompleted', runId: 'r1', data: { output: 1 } };
    expect(eventsOfMessage(bytes(event))).toEqual([event]);
  });

  it('reads a message holding a decision: every event it recorded', () => {
    const events = [
      { type: 'AgentSucceeded', runId: 'r1', data: {} },
      { type: 'RunCompleted', runId: 'r1', data: { output: 2 } },
    ];
    expect(eventsOfMessage(bytes({ commandId: 'result:t1', events }))).toEqual(events);
  });
});

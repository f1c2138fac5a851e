import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunEvent } from '../api/types';
import { eventAgent, eventSummary } from './event-summary';

const log = parse(
  readFileSync(join(__dirname, '__fixtures__', 'retried-and-approved.events.yaml'), 'utf8'),
) as RunEvent[];

describe('eventSummary', () => {
  it('says on one line what each event of a run changed', () => {
    expect(log.map((event) => [event.type, eventAgent(event), eventSummary(event)])).toEqual([
      ['RunRequested', '', 'orders revision 2, api trigger'],
      ['RunStarted', '', ''],
      ['AgentScheduled', 'fetch', 'attempt 1'],
      ['AgentStarted', 'fetch', 'attempt 1 taken by a worker'],
      ['AgentFailed', 'fetch', 'http (HTTP 503): Service Unavailable (will retry)'],
      ['AgentRetryScheduled', 'fetch', 'attempt 2 in 2000 ms'],
      ['AgentScheduled', 'fetch', 'attempt 2'],
      ['AgentStarted', 'fetch', 'attempt 2 taken by a worker'],
      ['AgentSucceeded', 'fetch', 'output {"ok":true}'],
      ['AgentScheduled', 'approve', 'attempt 1'],
      ['WaitStarted', 'approve', 'key approve-7, times out at 2026-11-24T10:10:03.600Z'],
      ['WaitResolved', 'approve', 'key approve-7: {"action":"approve"}'],
      ['AgentSucceeded', 'approve', 'output {"action":"approve"}'],
      ['AgentSkipped', 'notify', 'condition was false'],
      ['RunCompleted', '', 'output {"ok":true}'],
    ]);
  });

  it('says when an attempt an open breaker deferred goes again, and which event started a run', () => {
    const deferred: RunEvent = {
      type: 'AgentDeferred',
      seq: 4,
      at: '2026-11-24T10:00:02.000Z',
      data: {
        agent: 'fetch',
        iteration: 0,
        attempt: 1,
        reason: 'breaker-open',
        error: { code: 'circuit-open', message: "circuit 'http:api' is open" },
        dueAt: '2026-11-24T10:00:12.000Z',
      },
    };
    expect(eventSummary(deferred)).toBe(
      "circuit-open: circuit 'http:api' is open: attempt 1 not counted, sent again at 2026-11-24T10:00:12.000Z",
    );
    const requested: RunEvent = {
      type: 'RunRequested',
      seq: 1,
      at: '2026-11-24T10:00:00.000Z',
      data: { ensemble: 'on-order', revision: 3, trigger: { type: 'event', event: 'order.created' } },
    };
    expect(eventSummary(requested)).toBe('on-order revision 3, event order.created');
  });

  it('shortens long values and names loop iterations', () => {
    const event: RunEvent = {
      type: 'AgentSucceeded',
      seq: 9,
      at: '2026-11-24T10:00:00.000Z',
      data: { agent: 'send', iteration: 2, output: 'x'.repeat(500) },
    };
    expect(eventSummary(event)).toHaveLength('output '.length + 120);
    expect(eventAgent(event)).toBe('send #2');
  });

  it('writes nothing for an event type it does not know', () => {
    expect(eventSummary({ type: 'BreakerOpened', seq: 1, at: '2026-11-24T10:00:00.000Z', data: {} })).toBe(
      '',
    );
  });
});

import { evolve, foldEvents, initialRunState, type RunEvent } from '@baton/engine';
import { changedStepRows } from './step-rows';
import { fixtureEvents } from './testing/event-fixtures';

describe('changedStepRows', () => {
  const events = fixtureEvents('order-run');
  const stateAt = (seq: number) => foldEvents(events.slice(0, seq));
  const eventAt = (seq: number): RunEvent => events[seq - 1];

  it('writes only the iteration an event changed', () => {
    // seq 9: the second item of the check-inventory loop succeeds; item 0 is untouched.
    const before = stateAt(8);
    const rows = changedStepRows('run-order-1', before, evolve(before, eventAt(9)));
    expect(rows).toEqual([
      expect.objectContaining({
        agent: 'check-inventory',
        iteration: 1,
        status: 'succeeded',
        output: [{ quantity: 5 }],
      }),
    ]);
  });

  it('writes nothing for an event that changes no agent', () => {
    const before = stateAt(5);
    expect(changedStepRows('run-order-1', before, evolve(before, eventAt(6)))).toEqual([]); // StateUpdated
  });

  it('gives an agent skipped without running an iteration one row at iteration 0', () => {
    const before = stateAt(15);
    expect(changedStepRows('run-order-1', before, evolve(before, eventAt(16)))).toEqual([
      {
        runId: 'run-order-1',
        agent: 'release-on-failure',
        iteration: 0,
        status: 'skipped',
        attempts: 0,
        item: null,
        output: null,
        error: null,
        startedAt: null,
        finishedAt: new Date('2026-11-24T10:00:01.500Z'),
      },
    ]);
  });

  it('writes every iteration of a whole run when folded from the start', () => {
    const rows = changedStepRows('run-order-1', initialRunState(), stateAt(events.length));
    expect(rows.map((row) => `${row.agent}#${row.iteration}`).sort()).toEqual([
      'check-inventory#0',
      'check-inventory#1',
      'process-payment#0',
      'release-on-failure#0',
      'validate-order#0',
    ]);
  });
});

import type { RunEvent } from '@baton/engine';
import { formatTimeline } from './run-timeline';
import { inTimeOrder } from './time-order';

/** A loop whose second item finished first, and whose first item's result was logged after a later one. */
const at = (ms: number) => new Date(Date.UTC(2025, 0, 15, 9, 30, 0, ms)).toISOString();
const loop = [
  { type: 'RunStarted', seq: 1, at: at(0), data: {} },
  {
    type: 'AgentScheduled',
    seq: 2,
    at: at(10),
    data: { agent: 'check', iteration: 0, attempt: 1, taskId: 't0', item: 'a' },
  },
  {
    type: 'AgentScheduled',
    seq: 3,
    at: at(10),
    data: { agent: 'check', iteration: 1, attempt: 1, taskId: 't1', item: 'b' },
  },
  {
    type: 'AgentSucceeded',
    seq: 4,
    at: at(400),
    data: { agent: 'check', iteration: 1, attempt: 1, taskId: 't1', output: 'B' },
  },
  {
    type: 'AgentSucceeded',
    seq: 5,
    at: at(250),
    data: { agent: 'check', iteration: 0, attempt: 1, taskId: 't0', output: 'A' },
  },
  { type: 'RunCompleted', seq: 6, at: at(400), data: { output: null } },
] as unknown as RunEvent[];

describe('the timeline’s order', () => {
  it('is time order, events at the same time in log order', () => {
    expect(inTimeOrder(loop).map((event) => event.seq)).toEqual([1, 2, 3, 5, 4, 6]);
  });

  it('prints a loop’s items as they happened, whatever order their results were logged in', () => {
    const rows = formatTimeline(loop).trimEnd().split('\n').slice(1);
    expect(rows.map((row) => row.split(/ {2,}/)[0])).toEqual([
      '+0.000s',
      '+0.010s',
      '+0.010s',
      '+0.250s',
      '+0.400s',
      '+0.400s',
    ]);
    expect(rows[3]).toMatch(/AgentSucceeded +check#0 /);
    expect(rows[4]).toMatch(/AgentSucceeded +check#1 /);
  });
});

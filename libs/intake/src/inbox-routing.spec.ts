import { admitRun, cancelRun, resolveWait, startRun, taskResult, timerFired } from './command-constructors';
import { inboxLaneOf, isValidPartitionCount, partitionOf } from './inbox-routing';

const at = '2026-01-01T00:00:00.000Z';

describe('inbox routing', () => {
  it('puts starts in their own lane and every other command in its sender’s', () => {
    const start = startRun({
      runId: 'r',
      at,
      ensemble: 'e',
      revision: 1,
      input: {},
      trigger: { type: 'api' },
    });
    const task = { runId: 'r', taskId: 't', agent: 'a', iteration: 0, attempt: 1 };
    expect(inboxLaneOf(start)).toEqual({ kind: 'start' });
    expect(inboxLaneOf(taskResult(task, { at, outcome: { ok: true, output: 1 } }))).toEqual({
      kind: 'command',
      source: 'result',
    });
    const fired = timerFired({ runId: 'r', timerId: 'r:run-timeout', kind: 'run-timeout', dueAt: at });
    expect(inboxLaneOf(fired)).toEqual({ kind: 'command', source: 'timer' });
    expect(inboxLaneOf(resolveWait({ runId: 'r', at, key: 'k', opening: 1, value: 1 }))).toEqual({
      kind: 'command',
      source: 'api',
    });
    expect(inboxLaneOf(cancelRun({ runId: 'r', at, reason: 'x', cause: 'api' }))).toEqual({
      kind: 'command',
      source: 'api',
    });
    expect(inboxLaneOf(cancelRun({ runId: 'r', at, reason: 'x', cause: 'concurrency' }))).toEqual({
      kind: 'command',
      source: 'run',
    });
    expect(inboxLaneOf(admitRun({ runId: 'r', at }))).toEqual({ kind: 'command', source: 'run' });
  });

  it('routes a cancel written before `requestedBy` existed as the API’s', () => {
    expect(inboxLaneOf({ type: 'CancelRun', runId: 'r', commandId: 'cancel:r', at, reason: 'x' })).toEqual({
      kind: 'command',
      source: 'api',
    });
  });

  it('gives a run the same partition everywhere, spread evenly over the partitions', () => {
    // Fixed values: every service and version must route a run to the same partition. FNV-1a of
    // "a" is 0xe40c292c (the published test vector).
    expect(partitionOf('a', 0x100000000)).toBe(0xe40c292c);
    expect([partitionOf('run-1', 8), partitionOf('run-2', 8)]).toEqual([4, 5]);
    expect(partitionOf('0196a7f0-0000-7000-8000-000000000000', 1024)).toBe(772);
    expect(partitionOf('anything', 1)).toBe(0);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++)
      counts[partitionOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 8)]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('accepts partition counts from 1 to 1024', () => {
    expect([1, 8, 1024].every(isValidPartitionCount)).toBe(true);
    expect([0, -1, 1.5, 1025, Number.NaN].some(isValidPartitionCount)).toBe(false);
  });
});

import { countWindow, windowViolation } from './completion-count';

const ended = (runId: string, endedAtMs: number, status = 'completed') => ({ runId, endedAtMs, status });

describe('countWindow', () => {
  it('counts runs ended by the window end as finished in it, and the drain to the last end', () => {
    const count = countWindow({
      windowEndMs: 10_000,
      acceptedRunIds: ['a', 'b', 'c'],
      startedRunIds: new Set(['a', 'b', 'c', 'd']),
      ended: [ended('a', 9_000), ended('b', 10_000), ended('c', 12_500), ended('d', 11_000)],
    });
    expect(count).toEqual({
      accepted: 3,
      started: 4,
      finishedInWindow: 2,
      finished: 4,
      drainMs: 2_500,
      lost: [],
      notCompleted: [],
    });
    expect(windowViolation(count, 32)).toBeUndefined();
  });

  it('has no drain when everything ended inside the window', () => {
    const count = countWindow({
      windowEndMs: 10_000,
      acceptedRunIds: ['a'],
      startedRunIds: new Set(['a']),
      ended: [ended('a', 5_000)],
    });
    expect(count.drainMs).toBe(0);
  });

  it('ignores ends of runs started before the window', () => {
    const count = countWindow({
      windowEndMs: 10_000,
      acceptedRunIds: ['a'],
      startedRunIds: new Set(['a']),
      ended: [ended('a', 5_000), ended('older', 20_000)],
    });
    expect(count).toMatchObject({ finished: 1, drainMs: 0 });
  });
});

describe('windowViolation', () => {
  it('names accepted runs that never finished', () => {
    const count = countWindow({
      windowEndMs: 10,
      acceptedRunIds: ['a', 'b'],
      startedRunIds: new Set(['a', 'b']),
      ended: [ended('a', 5)],
    });
    expect(windowViolation(count, 1)).toBe('1 accepted runs never finished (first: b)');
  });

  it('names runs that failed', () => {
    const count = countWindow({
      windowEndMs: 10,
      acceptedRunIds: ['a'],
      startedRunIds: new Set(['a']),
      ended: [ended('a', 5, 'failed')],
    });
    expect(windowViolation(count, 1)).toBe('1 runs did not complete (a: failed)');
  });

  it('refuses a started run whose delivery was not accepted and has not finished', () => {
    const count = countWindow({
      windowEndMs: 10,
      acceptedRunIds: ['a'],
      startedRunIds: new Set(['a', 'x']),
      ended: [ended('a', 5)],
    });
    expect(windowViolation(count, 4)).toBe('1 started runs never finished');
  });

  it('refuses more started runs than accepted deliveries and connections in flight', () => {
    const count = countWindow({
      windowEndMs: 10,
      acceptedRunIds: ['a'],
      startedRunIds: new Set(['a', 'x', 'y']),
      ended: [ended('a', 5), ended('x', 6), ended('y', 7)],
    });
    expect(windowViolation(count, 1)).toBe(
      '3 runs started for 1 accepted deliveries (at most 1 more were in flight)',
    );
  });
});

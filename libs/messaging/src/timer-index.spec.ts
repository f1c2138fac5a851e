import fc from 'fast-check';
import { EntryKind, type IndexEntry, TimerIndex } from './timer-index';

const drain = (index: TimerIndex): IndexEntry[] => {
  const out: IndexEntry[] = [];
  for (let entry = index.pop(); entry !== undefined; entry = index.pop()) out.push(entry);
  return out;
};

describe('the timer index', () => {
  it('is empty at first: nothing to peek or pop, next due time infinite', () => {
    const index = new TimerIndex();
    expect([index.size, index.peek(), index.pop(), index.nextDueAt()]).toEqual([
      0,
      undefined,
      undefined,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('gives entries back by due time, then by stream sequence, with their kind', () => {
    const index = new TimerIndex();
    index.push(3000, 7);
    index.push(1000, 9);
    index.push(0, 12, EntryKind.Tombstone);
    index.push(1000, 4);
    expect(index.nextDueAt()).toBe(0);
    expect(drain(index)).toEqual([
      { dueAt: 0, seq: 12, kind: EntryKind.Tombstone },
      { dueAt: 1000, seq: 4, kind: EntryKind.Timer },
      { dueAt: 1000, seq: 9, kind: EntryKind.Timer },
      { dueAt: 3000, seq: 7, kind: EntryKind.Timer },
    ]);
  });

  it('keeps any interleaving of pushes and pops in order (property)', () => {
    const operation = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }), seq: fc.nat({ max: 1e9 }) }),
      fc.constant({ pop: true as const }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 3000 }), (operations) => {
        const index = new TimerIndex();
        const reference: Array<[number, number]> = [];
        for (const op of operations) {
          if ('push' in op) {
            index.push(op.push, op.seq);
            reference.push([op.push, op.seq]);
            reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          } else {
            const popped = index.pop();
            const expected = reference.shift();
            expect(popped && [popped.dueAt, popped.seq]).toEqual(expected);
          }
          expect(index.size).toBe(reference.length);
        }
        expect(drain(index).map((e) => [e.dueAt, e.seq])).toEqual(reference);
      }),
      { numRuns: 100 },
    );
  });

  it('grows to hundreds of thousands of entries and shrinks back as they are popped', () => {
    const index = new TimerIndex();
    const n = 300_000;
    for (let i = 0; i < n; i++) index.push((i * 7919) % n, i + 1);
    expect(index.size).toBe(n);
    let previous = -1;
    let outOfOrder = 0;
    for (let i = 0; i < n; i++) {
      const dueAt = index.pop()?.dueAt ?? -1;
      if (dueAt < previous) outOfOrder++;
      previous = dueAt;
    }
    expect([outOfOrder, previous, index.size]).toEqual([0, n - 1, 0]);
    index.push(5, 1);
    expect(index.pop()).toEqual({ dueAt: 5, seq: 1, kind: EntryKind.Timer });
  });
});

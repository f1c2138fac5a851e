/**
 * The scheduler's in-memory index of the timer store: a binary min-heap of (due time, stream
 * sequence) over typed arrays, 17 bytes an entry (a million pending timers: 17 MB, no object per
 * timer for the garbage collector to walk). Ordered by due time, then sequence.
 *
 * Entries are never removed from the middle: a timer cancelled or replaced after it was indexed
 * stays until it comes due, and the scheduler then finds its message gone and skips it.
 */
export const EntryKind = {
  /** A timer message: fire it when due. */
  Timer: 0,
  /** A tombstone (or a message that is no timer): delete it; indexed as due at once. */
  Tombstone: 1,
} as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

export interface IndexEntry {
  readonly dueAt: number;
  readonly seq: number;
  readonly kind: EntryKind;
}

const INITIAL_CAPACITY = 1024;

export class TimerIndex {
  private due = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Uint8Array(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(dueAt: number, seq: number, kind: EntryKind = EntryKind.Timer): void {
    if (this.count === this.due.length) this.grow();
    let i = this.count++;
    // Sift up: move parents down until the new entry's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(dueAt, seq, this.due[parent], this.seqs[parent])) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, dueAt, seq, kind);
  }

  /** The earliest entry, or undefined when the index is empty. */
  peek(): IndexEntry | undefined {
    if (this.count === 0) return undefined;
    return { dueAt: this.due[0], seq: this.seqs[0], kind: this.kinds[0] as EntryKind };
  }

  /** Due time of the earliest entry; Infinity when empty. */
  nextDueAt(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.due[0];
  }

  pop(): IndexEntry | undefined {
    const top = this.peek();
    if (top === undefined) return undefined;
    const last = --this.count;
    if (last > 0) {
      const dueAt = this.due[last];
      const seq = this.seqs[last];
      const kind = this.kinds[last] as EntryKind;
      // Sift down from the root with the last entry.
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= last) break;
        const right = left + 1;
        const child =
          right < last && this.before(this.due[right], this.seqs[right], this.due[left], this.seqs[left])
            ? right
            : left;
        if (!this.before(this.due[child], this.seqs[child], dueAt, seq)) break;
        this.move(child, i);
        i = child;
      }
      this.set(i, dueAt, seq, kind);
    }
    this.shrinkIfSparse();
    return top;
  }

  private before(dueA: number, seqA: number, dueB: number, seqB: number): boolean {
    return dueA < dueB || (dueA === dueB && seqA < seqB);
  }

  private move(from: number, to: number): void {
    this.due[to] = this.due[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
  }

  private set(i: number, dueAt: number, seq: number, kind: EntryKind): void {
    this.due[i] = dueAt;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
  }

  private grow(): void {
    this.resize(this.due.length * 2);
  }

  /** A burst of timers (a million, fired) should not pin its memory for the life of the process. */
  private shrinkIfSparse(): void {
    const capacity = this.due.length;
    if (capacity > INITIAL_CAPACITY && this.count < capacity / 4) this.resize(capacity / 2);
  }

  private resize(capacity: number): void {
    const due = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Uint8Array(capacity);
    due.set(this.due.subarray(0, this.count));
    seqs.set(this.seqs.subarray(0, this.count));
    kinds.set(this.kinds.subarray(0, this.count));
    this.due = due;
    this.seqs = seqs;
    this.kinds = kinds;
  }
}

/**
 * Bounds how many messages one process handles at once and lets shutdown wait for those in hand.
 * `acquire` resolves when a slot is free; `drained` when none is taken.
 */
export class InFlightLimit {
  private taken = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly drainWaiters: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`In-flight capacity must be a positive integer, got ${capacity}`);
  }

  get inFlight(): number {
    return this.taken;
  }

  acquire(): Promise<void> {
    if (this.taken < this.capacity) {
      this.taken++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) return next();
    this.taken--;
    if (this.taken === 0) this.drainWaiters.splice(0).forEach((wake) => wake());
  }

  drained(): Promise<void> {
    if (this.taken === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }
}

/**
 * The pause of a background loop (leases, partition ownership, the timer and cron schedulers): it
 * ends after its time, or at once when `wake()` is called (a stop, a change the loop must act on).
 * A `wake()` while nobody sleeps does nothing.
 */
export class WakeableSleep {
  private wakeCurrent: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.wakeCurrent = end;
    });
  }

  wake(): void {
    this.wakeCurrent?.();
  }
}

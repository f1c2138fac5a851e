import { WakeableSleep } from './wakeable-sleep';

describe('WakeableSleep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends after its time when nobody wakes it', async () => {
    const pause = new WakeableSleep();
    let ended = false;
    const sleeping = pause.sleep(1_000).then(() => (ended = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(ended).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(ended).toBe(true);
  });

  it('ends at once when woken, and a wake with nobody asleep changes nothing', async () => {
    const pause = new WakeableSleep();
    pause.wake();
    let ended = false;
    const sleeping = pause.sleep(60_000).then(() => (ended = true));
    pause.wake();
    await sleeping;
    expect(ended).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});

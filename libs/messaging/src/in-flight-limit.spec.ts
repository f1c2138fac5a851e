import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('grants at most its capacity at once and hands a released slot to the next waiter', async () => {
    const limit = new InFlightLimit(2);
    await limit.acquire();
    await limit.acquire();
    let third = false;
    const waiting = limit.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    limit.release();
    await waiting;
    expect(third).toBe(true);
    expect(limit.inFlight).toBe(2);
  });

  it('reports drained only once every slot is released', async () => {
    const limit = new InFlightLimit(3);
    await limit.acquire();
    await limit.acquire();
    let drained = false;
    const done = limit.drained().then(() => (drained = true));
    limit.release();
    await Promise.resolve();
    expect(drained).toBe(false);
    limit.release();
    await done;
    expect(drained).toBe(true);
  });

  it('refuses a capacity below one', () => {
    expect(() => new InFlightLimit(0)).toThrow(RangeError);
  });
});

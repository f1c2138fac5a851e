import { redeliveryDelay } from './redelivery-delay';

describe('redeliveryDelay', () => {
  it('waits one second after the first failed delivery and doubles after each further one', () => {
    expect([1, 2, 3, 4].map((count) => redeliveryDelay(count))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits more than a minute, however many deliveries failed', () => {
    expect(redeliveryDelay(7)).toBe(60_000);
    expect(redeliveryDelay(10_000)).toBe(60_000);
  });
});

import { parseDuration } from './durations';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['1d', 86_400_000],
    ['1200', 1200],
    [1200, 1200],
  ])('reads %p as %p milliseconds', (written, ms) => {
    expect(parseDuration(written)).toBe(ms);
  });

  it.each(['soon', '5 minutes', '-1s', '', null, -5, Number.NaN])('refuses %p', (written) => {
    expect(parseDuration(written)).toBeUndefined();
  });
});

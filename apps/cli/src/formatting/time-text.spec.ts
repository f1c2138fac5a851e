import { formatDuration, formatOffset, formatTimestamp, millisecondsBetween } from './time-text';

describe('time in tables', () => {
  it.each([
    [0, '0ms'],
    [350, '350ms'],
    [1_234, '1.2s'],
    [59_999, '59.9s'],
    [60_000, '1m 00s'],
    [184_000, '3m 04s'],
    [2 * 3_600_000 + 5 * 60_000, '2h 05m'],
  ])('a duration of %d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [0, '+0.000s'],
    [12_345, '+12.345s'],
    [123_400, '+2m03.4s'],
    [3_723_000, '+1h02m03s'],
  ])('an offset of %d ms reads %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it('prints timestamps in UTC to the second, whatever the offset they were written with', () => {
    expect(formatTimestamp('2025-01-15T10:30:01.250+01:00')).toBe('2025-01-15T09:30:01Z');
  });

  it('keeps a timestamp it cannot read as it is', () => {
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });

  it('measures between two ISO times, and gives nothing when one is missing', () => {
    expect(millisecondsBetween('2025-01-15T09:30:00.000Z', '2025-01-15T09:30:01.500Z')).toBe(1500);
    expect(millisecondsBetween('2025-01-15T09:30:00.000Z', null)).toBeUndefined();
  });
});

import { formatDuration, formatOffset, formatRelative, formatTimestamp, millisecondsBetween } from './time';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1000, '1 s'],
    [1250, '1.25 s'],
    [12_340, '12.3 s'],
    [59_960, '1 min'],
    [61_000, '1 min 1 s'],
    [120_000, '2 min'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
    [90_000_000, '1 d 1 h'],
    [-5, '–'],
    [Number.NaN, '–'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-24T10:00:00.000Z');
  it.each([
    ['2026-11-24T09:59:58.000Z', 'just now'],
    ['2026-11-24T09:59:30.000Z', '30 s ago'],
    ['2026-11-24T09:55:00.000Z', '5 min ago'],
    ['2026-11-24T07:00:00.000Z', '3 h ago'],
    ['2026-11-22T10:00:00.000Z', '2 d ago'],
    ['2026-11-24T10:05:00.000Z', 'in 5 min'],
    ['yesterday', '–'],
  ])('writes %s as %s', (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });
});

describe('times', () => {
  it('writes a timestamp in the given zone, to the second', () => {
    expect(formatTimestamp('2026-11-24T10:02:03.456Z', 'UTC')).toBe('2026-11-24 10:02:03');
    expect(formatTimestamp('2026-11-24T10:02:03.456Z', 'Europe/Paris')).toBe('2026-11-24 11:02:03');
  });

  it('measures between two ISO times, and gives up on a missing one', () => {
    expect(millisecondsBetween('2026-11-24T10:00:00.000Z', '2026-11-24T10:00:01.500Z')).toBe(1500);
    expect(millisecondsBetween(null, '2026-11-24T10:00:01.500Z')).toBeUndefined();
    expect(millisecondsBetween('x', '2026-11-24T10:00:01.500Z')).toBeUndefined();
    expect(formatOffset(1500)).toBe('+1.5 s');
  });
});

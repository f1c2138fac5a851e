import type { RunEvent } from '@baton/engine';
import { eventPosition } from './event-position';

const requested = {
  type: 'RunRequested',
  version: 1,
  runId: 'r',
  seq: 1,
  at: '2026-11-24T10:00:00.000Z',
  causationId: 'c',
  data: { ensemble: 'e', revision: 1, input: {}, trigger: { type: 'manual' } },
} as const satisfies RunEvent;
const started = (seq: number): RunEvent => ({ ...requested, type: 'RunStarted', seq, data: {} });

describe('eventPosition', () => {
  it('applies RunRequested to a run it does not hold yet, and nothing else', () => {
    expect(eventPosition(undefined, requested)).toBe('next');
    expect(eventPosition(undefined, started(2))).toBe('gap');
  });

  it('applies the event right after the last applied one', () => {
    expect(eventPosition(4, started(5))).toBe('next');
  });

  it('skips an event at or below the last applied one as a duplicate', () => {
    expect(eventPosition(4, started(4))).toBe('duplicate');
    expect(eventPosition(4, started(2))).toBe('duplicate');
    expect(eventPosition(4, requested)).toBe('duplicate');
  });

  it('holds back an event that skips over a missing one', () => {
    expect(eventPosition(4, started(6))).toBe('gap');
  });
});

import { backlogRefusal } from './backlog-admission';

describe('the backlog rule', () => {
  it('accepts starts up to the limit', () => {
    expect(backlogRefusal({ backlog: 100, takenPerSecond: 0 }, 100)).toBeUndefined();
  });

  it('past the limit, asks to come back when the excess will have been taken at the recent rate', () => {
    expect(backlogRefusal({ backlog: 150, takenPerSecond: 10 }, 100)).toEqual({
      backlog: 150,
      limit: 100,
      retryAfterSeconds: 5,
    });
  });

  it('asks for at least a second and at most a minute (a minute when nothing is being taken)', () => {
    expect(backlogRefusal({ backlog: 101, takenPerSecond: 500 }, 100)?.retryAfterSeconds).toBe(1);
    expect(backlogRefusal({ backlog: 10_000, takenPerSecond: 1 }, 100)?.retryAfterSeconds).toBe(60);
    expect(backlogRefusal({ backlog: 101, takenPerSecond: 0 }, 100)?.retryAfterSeconds).toBe(60);
  });
});

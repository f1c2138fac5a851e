import { CronSchedule, cronNeverFires, cronNextFireAt, zonedIsoString } from './cron-schedule';

const iso = (dates: readonly Date[]) => dates.map((date) => date.toISOString());
const NEW_YORK = 'America/New_York';

describe('cron schedule', () => {
  describe('daylight saving in America/New_York (2026: spring forward 8 March, fall back 1 November)', () => {
    it('fires a daily time inside the spring-forward gap once, at the first instant after the gap', () => {
      const schedule = new CronSchedule({ cron: '30 2 * * *', timezone: NEW_YORK });
      const days = schedule.between(new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T23:00:00Z'), 10);
      expect(days.map((day) => zonedIsoString(day, NEW_YORK))).toEqual([
        '2026-03-07T02:30:00-05:00',
        '2026-03-08T03:00:00-04:00',
        '2026-03-09T02:30:00-04:00',
      ]);
    });

    it('fires a daily time inside the fall-back repeat once, at its first occurrence', () => {
      const schedule = new CronSchedule({ cron: '30 1 * * *', timezone: NEW_YORK });
      const days = schedule.between(new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T23:00:00Z'), 10);
      expect(days.map((day) => zonedIsoString(day, NEW_YORK))).toEqual([
        '2026-10-31T01:30:00-04:00',
        '2026-11-01T01:30:00-04:00',
        '2026-11-02T01:30:00-05:00',
      ]);
    });

    it('fires an interval pattern at every real instant of the repeated hour, 30 minutes apart', () => {
      const schedule = new CronSchedule({ cron: '*/30 * * * *', timezone: NEW_YORK });
      const instants = schedule.between(
        new Date('2026-11-01T04:00:00Z'),
        new Date('2026-11-01T07:00:00Z'),
        10,
      );
      expect(iso(instants)).toEqual([
        '2026-11-01T04:30:00.000Z',
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T06:30:00.000Z',
        '2026-11-01T07:00:00.000Z',
      ]);
      expect(instants.map((instant) => zonedIsoString(instant, NEW_YORK))).toEqual([
        '2026-11-01T00:30:00-04:00',
        '2026-11-01T01:00:00-04:00',
        '2026-11-01T01:30:00-04:00',
        '2026-11-01T01:00:00-05:00',
        '2026-11-01T01:30:00-05:00',
        '2026-11-01T02:00:00-05:00',
      ]);
    });

    it('skips the wall-clock times an interval pattern would have in the spring-forward gap', () => {
      const schedule = new CronSchedule({ cron: '*/30 * * * *', timezone: NEW_YORK });
      const instants = schedule.between(
        new Date('2026-03-08T06:00:00Z'),
        new Date('2026-03-08T08:00:00Z'),
        10,
      );
      expect(instants.map((instant) => zonedIsoString(instant, NEW_YORK))).toEqual([
        '2026-03-08T01:30:00-05:00',
        '2026-03-08T03:00:00-04:00',
        '2026-03-08T03:30:00-04:00',
        '2026-03-08T04:00:00-04:00',
      ]);
    });
  });

  it('reads 6-field expressions with seconds first, in a zone with a half-hour offset', () => {
    const schedule = new CronSchedule({ cron: '*/15 * * * * *', timezone: 'Asia/Kolkata' });
    expect(schedule.nextFireAt(new Date('2026-01-01T00:00:07.250Z'))).toBe('2026-01-01T05:30:15+05:30');
  });

  it('lists the instants after one moment up to and including another', () => {
    const schedule = new CronSchedule({ cron: '*/10 * * * * *' });
    expect(
      iso(schedule.between(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:30Z'), 10)),
    ).toEqual(['2026-01-01T00:00:10.000Z', '2026-01-01T00:00:20.000Z', '2026-01-01T00:00:30.000Z']);
  });

  it('keeps only the latest instants when there are more than the limit', () => {
    const schedule = new CronSchedule({ cron: '* * * * *', timezone: 'Europe/Berlin' });
    const instants = schedule.between(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-08T00:00:00Z'), 3);
    expect(iso(instants)).toEqual([
      '2026-01-07T23:58:00.000Z',
      '2026-01-07T23:59:00.000Z',
      '2026-01-08T00:00:00.000Z',
    ]);
  });

  it('shows the next fire time in the trigger zone, and UTC with a zero offset by default', () => {
    const from = new Date('2026-06-01T10:00:00Z');
    expect(cronNextFireAt({ cron: '0 8 * * *', timezone: NEW_YORK }, from)).toBe('2026-06-01T08:00:00-04:00');
    expect(cronNextFireAt({ cron: '0 8 * * *' }, from)).toBe('2026-06-02T08:00:00+00:00');
  });

  it('has no next fire time for an expression that never fires, or one croner cannot read', () => {
    const from = new Date('2026-06-01T10:00:00Z');
    expect(cronNextFireAt({ cron: '0 0 30 2 *' }, from)).toBeNull();
    expect(cronNeverFires({ cron: '0 0 30 2 *' }, from)).toBe(true);
    expect(cronNeverFires({ cron: '0 0 28 2 *' }, from)).toBe(false);
    expect(cronNextFireAt({ cron: '0 25 * * *' }, from)).toBeNull();
    expect(cronNeverFires({ cron: '0 25 * * *' }, from)).toBe(false);
    expect(cronNextFireAt({ cron: '0 8 * * *', timezone: 'Mars/Olympus' }, from)).toBeNull();
    expect(() => new CronSchedule({ cron: '0 8 * * *', timezone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

/**
 * When a cron trigger fires: the one computation the scheduler fires by, the API and the CLI show
 * next fire times with, and `baton validate` warns with. Croner (the library the loader validates
 * expressions with) computes instants in the trigger's IANA zone, daylight saving included:
 *
 * - a wall-clock time that does not exist (the spring-forward gap, 02:30 in New York on the
 *   second Sunday of March) fires once, at the first instant after the gap (03:00 local);
 * - a wall-clock time that happens twice (the fall-back repeat, 01:30) fires once, at its first
 *   occurrence; an interval pattern (`*\/30 * * * *`) fires at every real instant it matches, in
 *   both passes of the repeated hour.
 *
 * Pure: time comes in as arguments, nothing reads a clock.
 */
import { Cron } from 'croner';

export interface CronScheduleSpec {
  /** 5 fields (minute first) or 6 (second first), or a nickname (`@daily`). */
  readonly cron: string;
  /** IANA zone; default UTC. */
  readonly timezone?: string;
}

/**
 * At most this many missed instants of one trigger are replayed when `catchUp: true` (the most
 * recent ones); older missed instants are skipped.
 */
export const CRON_CATCH_UP_LIMIT = 100;

export class CronSchedule {
  readonly timezone: string;
  private readonly pattern: Cron;

  /** Throws croner's error for an expression or zone it cannot read (the loader refuses both). */
  constructor(spec: CronScheduleSpec) {
    this.timezone = spec.timezone ?? 'UTC';
    // croner reads the zone only when it computes; an unknown zone is refused here instead (RangeError).
    new Intl.DateTimeFormat('en-US', { timeZone: this.timezone });
    this.pattern = new Cron(spec.cron, { timezone: this.timezone, paused: true });
  }

  /** The first instant strictly after `after`, or undefined when the expression never fires again. */
  next(after: Date): Date | undefined {
    return this.pattern.nextRun(after) ?? undefined;
  }

  /**
   * The instants in (`after`, `until`], oldest first; when there are more than `limit`, only the
   * latest `limit` of them.
   */
  between(after: Date, until: Date, limit: number): Date[] {
    const found = this.forward(after, until, limit + 1);
    if (found.length <= limit) return found;
    // More than the limit: start from the limit-th latest instant instead of walking every one.
    const latest = this.pattern.previousRuns(limit, new Date(until.getTime() + 1));
    const earliest = latest.at(-1);
    if (earliest === undefined) return [];
    const from = new Date(Math.max(after.getTime(), earliest.getTime() - 1));
    return this.forward(from, until, limit + 1).slice(-limit);
  }

  /** The next instant after `from` as ISO 8601 with the zone's offset (`2026-03-08T03:00:00-04:00`). */
  nextFireAt(from: Date): string | undefined {
    const next = this.next(from);
    return next && zonedIsoString(next, this.timezone);
  }

  private forward(after: Date, until: Date, max: number): Date[] {
    const found: Date[] = [];
    for (let next = this.next(after); next && next <= until && found.length < max; next = this.next(next)) {
      found.push(next);
    }
    return found;
  }
}

/** The schedule of a trigger, or undefined when croner cannot read it (never stored: the loader refuses it). */
export function cronScheduleOf(spec: CronScheduleSpec): CronSchedule | undefined {
  try {
    return new CronSchedule(spec);
  } catch (error) {
    // croner refuses an unreadable pattern or zone by throwing
    if (error instanceof Error) return undefined;
    throw error;
  }
}

/** The next fire time of a cron trigger, in its zone (ISO 8601 with offset); null when it never fires. */
export function cronNextFireAt(spec: CronScheduleSpec, from: Date): string | null {
  return cronScheduleOf(spec)?.nextFireAt(from) ?? null;
}

/** Whether a readable expression can never fire (`0 0 30 2 *`: February has no 30th). */
export function cronNeverFires(spec: CronScheduleSpec, from: Date): boolean {
  const schedule = cronScheduleOf(spec);
  return schedule !== undefined && schedule.next(from) === undefined;
}

/** `instant` as local time in `timezone`, ISO 8601 with the offset: `2026-11-01T01:30:00-05:00`. */
export function zonedIsoString(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // `GMT+05:30`, `GMT-04:00`, or plain `GMT` for a zero offset
  const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00';
  const millis = instant.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${fraction}${offset}`;
}

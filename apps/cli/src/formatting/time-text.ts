/** How times and durations read in tables: short, fixed formats, independent of the local time zone. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `350ms`, `1.2s`, `3m 04s`, `2h 05m`: a length of time at the precision that matters at its scale. */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < MINUTE) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ${pad(Math.floor((ms % MINUTE) / SECOND))}s`;
  return `${Math.floor(ms / HOUR)}h ${pad(Math.floor((ms % HOUR) / MINUTE))}m`;
}

/** `+0.000s`, `+12.345s`, `+2m03.4s`, `+1h02m03s`: a position in a timeline, from its first event. */
export function formatOffset(ms: number): string {
  if (ms < MINUTE) return `+${(Math.max(0, ms) / SECOND).toFixed(3)}s`;
  if (ms < HOUR) {
    const seconds = (Math.floor((ms % MINUTE) / 100) / 10).toFixed(1).padStart(4, '0');
    return `+${Math.floor(ms / MINUTE)}m${seconds}s`;
  }
  return `+${Math.floor(ms / HOUR)}h${pad(Math.floor((ms % HOUR) / MINUTE))}m${pad(Math.floor((ms % MINUTE) / SECOND))}s`;
}

/** `2025-01-15T09:30:01Z`: UTC to the second, so two terminals in two zones print the same. */
export function formatTimestamp(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds from one ISO time to another; undefined when either is missing or unreadable. */
export function millisecondsBetween(
  from: string | null | undefined,
  to: string | null | undefined,
): number | undefined {
  if (!from || !to) return undefined;
  const span = Date.parse(to) - Date.parse(from);
  return Number.isNaN(span) ? undefined : span;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A duration as a number of milliseconds, or text as Baton writes them: `250ms`, `30s`, `5m`, `1h`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Milliseconds of `duration`; a TypeError naming `what` when it is not a duration. */
export function durationMs(duration: Duration, what: string): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else {
    const match = DURATION.exec(String(duration).trim());
    if (match) return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
  }
  throw new TypeError(
    `${what} must be a number of milliseconds or a duration like 30s or 5m (got ${String(duration)})`,
  );
}

/** Due times of the timer bench: `count` timers spread evenly over `spreadMs` from `start` (ms since the epoch). */
export function dueTimes(start: number, count: number, spreadMs: number): number[] {
  return Array.from({ length: count }, (_, i) => start + Math.floor((i * spreadMs) / count));
}

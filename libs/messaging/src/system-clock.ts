import type { StartClock } from '@baton/intake';
import { randomBytes } from 'node:crypto';

/** The process's clock and randomness, for the RunStarter's `at` and fresh run ids. */
export const SYSTEM_CLOCK: StartClock = {
  now: () => new Date(),
  randomBytes: (count) => randomBytes(count),
};

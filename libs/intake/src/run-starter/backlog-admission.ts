/**
 * The backlog rule of new starts: past `limit` runs waiting to start, ingress refuses new ones
 * (503) and says when to try again: the time the orchestrators need to take the excess at the
 * rate they took starts lately, between 1 s and a minute (a minute when they took none).
 */
import type { AdmissionRefusal } from './start-ports';

export const MIN_RETRY_AFTER_SECONDS = 1;
export const MAX_RETRY_AFTER_SECONDS = 60;

export interface BacklogReading {
  /** Runs waiting to start: StartRuns not yet taken (or taken and not yet acknowledged) by an orchestrator. */
  readonly backlog: number;
  /** StartRuns the orchestrators took per second between the last two readings. */
  readonly takenPerSecond: number;
}

export function backlogRefusal(reading: BacklogReading, limit: number): AdmissionRefusal | undefined {
  if (reading.backlog <= limit) return undefined;
  const excess = reading.backlog - limit;
  const seconds =
    reading.takenPerSecond > 0 ? Math.ceil(excess / reading.takenPerSecond) : MAX_RETRY_AFTER_SECONDS;
  return {
    backlog: reading.backlog,
    limit,
    retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(MIN_RETRY_AFTER_SECONDS, seconds)),
  };
}

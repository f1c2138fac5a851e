/**
 * Webhook-to-completion arithmetic: of the runs a load window got accepted, how many finished
 * inside the window (by the time their end was stored), how long the rest took to drain after it,
 * and which accepted runs never finished (lost). Pure, so the counting is unit-tested.
 */

export interface EndedRun {
  readonly runId: string;
  /** When the run's end was stored (epoch ms): JetStream's timestamp, or BullMQ's `finishedOn`. */
  readonly endedAtMs: number;
  readonly status: string;
}

export interface WindowCount {
  /** 2xx answers during the window (each named a run). */
  readonly accepted: number;
  /** Runs started: the accepted ones plus any whose 2xx was in flight when the load stopped. */
  readonly started: number;
  readonly finishedInWindow: number;
  readonly finished: number;
  /** From the window's end to the last run's end (0 when all ended inside it). */
  readonly drainMs: number;
  /** Accepted runs with no end. */
  readonly lost: readonly string[];
  /** Runs that ended otherwise than completed, with their status. */
  readonly notCompleted: readonly string[];
}

export function countWindow(input: {
  readonly windowEndMs: number;
  readonly acceptedRunIds: readonly string[];
  readonly startedRunIds: ReadonlySet<string>;
  readonly ended: readonly EndedRun[];
}): WindowCount {
  const endOf = new Map(input.ended.map((run) => [run.runId, run]));
  const started = new Set([...input.startedRunIds, ...input.acceptedRunIds]);
  const ends = [...started].map((runId) => endOf.get(runId)).filter((run) => run !== undefined);
  const lastEnd = Math.max(input.windowEndMs, ...ends.map((run) => run.endedAtMs));
  return {
    accepted: input.acceptedRunIds.length,
    started: started.size,
    finishedInWindow: ends.filter((run) => run.endedAtMs <= input.windowEndMs).length,
    finished: ends.length,
    drainMs: lastEnd - input.windowEndMs,
    lost: input.acceptedRunIds.filter((runId) => !endOf.has(runId)),
    notCompleted: ends
      .filter((run) => run.status !== 'completed')
      .map((run) => `${run.runId}: ${run.status}`),
  };
}

/**
 * Why a window's count is wrong, or undefined: an accepted run never finished or did not complete,
 * a 2xx named no run, or a run started that nobody could have started (more than one per connection
 * in flight at the end).
 */
export function windowViolation(count: WindowCount, connections: number): string | undefined {
  if (count.lost.length > 0) {
    return `${count.lost.length} accepted runs never finished (first: ${count.lost.slice(0, 3).join(', ')})`;
  }
  if (count.notCompleted.length > 0) {
    return `${count.notCompleted.length} runs did not complete (${count.notCompleted.slice(0, 3).join('; ')})`;
  }
  if (count.finished < count.started) {
    return `${count.started - count.finished} started runs never finished`;
  }
  if (count.started > count.accepted + connections) {
    return `${count.started} runs started for ${count.accepted} accepted deliveries (at most ${connections} more were in flight)`;
  }
  return undefined;
}

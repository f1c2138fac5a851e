import type { RunListItem, RunPage } from '../api/types';
import { matchesLocally, runsApiPath, windowStart, type RunFilters } from './run-filters';

export interface CollectedRuns {
  readonly runs: RunListItem[];
  /** Where to go on for more (null: every matching run is shown). */
  readonly nextCursor: string | null;
}

export interface CollectOptions {
  /** How many matching runs to gather before stopping. */
  readonly want: number;
  /** Size of each API page. */
  readonly pageSize: number;
  /** Most pages read for one call, so a rare trigger never reads the whole history at once. */
  readonly maxPages: number;
  readonly now: Date;
  readonly cursor?: string;
}

/**
 * Reads newest-first pages of `GET /api/runs` until `want` runs match the filters, the pages run
 * out, the runs get older than the time window (nothing older can match), or `maxPages` were read.
 */
export async function collectRuns(
  fetchPage: (path: string) => Promise<RunPage>,
  filters: RunFilters,
  options: CollectOptions,
): Promise<CollectedRuns> {
  const start = windowStart(filters, options.now);
  const runs: RunListItem[] = [];
  let cursor = options.cursor;
  for (let page = 0; page < options.maxPages; page++) {
    const { runs: batch, nextCursor } = await fetchPage(runsApiPath(filters, options.pageSize, cursor));
    runs.push(...batch.filter((run) => matchesLocally(run, filters, options.now)));
    const oldest = batch.at(-1);
    const pastWindow =
      start !== undefined && oldest !== undefined && Date.parse(oldest.createdAt) < start.getTime();
    if (nextCursor === null || pastWindow) return { runs, nextCursor: null };
    cursor = nextCursor;
    if (runs.length >= options.want) break;
  }
  return { runs, nextCursor: cursor ?? null };
}

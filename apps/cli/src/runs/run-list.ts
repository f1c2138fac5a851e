import type { RunListItem, RunPage } from '@baton/client';
import { formatTable } from '../formatting/text-table';
import { formatDuration, formatTimestamp, millisecondsBetween } from '../formatting/time-text';

export type { RunPage };

/**
 * The `baton runs` table. A run that has not ended shows how long it has been going (`now`, in ms,
 * comes from the caller), marked with `…`.
 */
export function formatRunList(page: RunPage, now: number): string {
  if (page.runs.length === 0) return 'no runs\n';
  const rows = page.runs.map((run) => [
    run.id,
    run.ensemble,
    run.status,
    run.startedAt ? formatTimestamp(run.startedAt) : '—',
    durationOf(run, now),
  ]);
  const table = formatTable(['ID', 'ENSEMBLE', 'STATUS', 'STARTED', 'DURATION'], rows);
  const more = page.nextCursor === null ? '' : `(the newest ${page.runs.length}; --limit shows more)\n`;
  return `${table}${more}`;
}

function durationOf(run: RunListItem, now: number): string {
  if (!run.startedAt) return '—';
  if (run.finishedAt) return formatDuration(millisecondsBetween(run.startedAt, run.finishedAt) ?? 0);
  return `${formatDuration(now - Date.parse(run.startedAt))}…`;
}

/**
 * The runs page's filters, kept in the URL (`/runs?ensemble=…&status=…&trigger=…&since=1h`) so a
 * filtered view can be shared and survives a reload. The API filters by ensemble and status; the
 * trigger and the time window are applied here, on the newest-first pages it returns.
 */
import {
  RUN_STATUSES,
  TRIGGER_TYPES,
  type RunListItem,
  type RunStatus,
  type TriggerType,
} from '../api/types';

export const TIME_WINDOWS = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 60 * 60_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
} as const;
export type TimeWindow = keyof typeof TIME_WINDOWS;

export interface RunFilters {
  readonly ensemble?: string;
  readonly status?: RunStatus;
  readonly trigger?: TriggerType;
  readonly since?: TimeWindow;
}

/** Filters from a query string; a value the page does not offer is dropped, not sent on. */
export function filtersFromQuery(query: Readonly<Record<string, string | undefined>>): RunFilters {
  const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
    value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  const ensemble = query.ensemble?.trim();
  return compact({
    ensemble: ensemble ? ensemble : undefined,
    status: pick(query.status, RUN_STATUSES),
    trigger: pick(query.trigger, TRIGGER_TYPES),
    since: pick(query.since, Object.keys(TIME_WINDOWS) as TimeWindow[]),
  });
}

/** `?ensemble=a&status=failed`, in a fixed order; empty when nothing is filtered. */
export function queryOfFilters(filters: RunFilters): string {
  const params = new URLSearchParams();
  for (const name of ['ensemble', 'status', 'trigger', 'since'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The `GET /api/runs` query for one page: the filters the server applies, a page size, a cursor. */
export function runsApiPath(filters: RunFilters, limit: number, cursor?: string): string {
  const params = new URLSearchParams();
  if (filters.ensemble) params.set('ensemble', filters.ensemble);
  if (filters.status) params.set('status', filters.status);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/runs?${params.toString()}`;
}

/** The earliest creation time the window keeps, or undefined for "any time". */
export function windowStart(filters: RunFilters, now: Date): Date | undefined {
  return filters.since ? new Date(now.getTime() - TIME_WINDOWS[filters.since].ms) : undefined;
}

/** Whether a run passes the filters the page applies itself. */
export function matchesLocally(run: RunListItem, filters: RunFilters, now: Date): boolean {
  if (filters.trigger && run.trigger !== filters.trigger) return false;
  const start = windowStart(filters, now);
  return start === undefined || Date.parse(run.createdAt) >= start.getTime();
}

export function isFiltered(filters: RunFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

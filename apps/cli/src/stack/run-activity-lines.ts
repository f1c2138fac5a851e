import { formatDuration } from '../formatting/time-text';

/**
 * The lines `baton start` shows for what happens to runs: the services mark them with an
 * `activity` field (the orchestrator for run starts, ends, failed and deferred attempts, as it appends their
 * events; the worker for circuit breaker changes). Read from the services' own JSON logs, which
 * `start` already captures: no extra consumer, no NATS user, and they keep coming however far the
 * read models lag.
 */
export const ACTIVITIES = [
  'run-started',
  'run-ended',
  'agent-failed',
  'agent-deferred',
  'breaker-changed',
] as const;
type Activity = (typeof ACTIVITIES)[number];

export function isActivity(value: unknown): value is Activity {
  return typeof value === 'string' && (ACTIVITIES as readonly string[]).includes(value);
}

/** `run   completed  orders  run-1 (1.5s)`: what happened first, then which run. */
export function activityText(activity: Activity, entry: Readonly<Record<string, unknown>>): string {
  const text = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : '?');
  const run = `${text('ensemble')}  ${text('runId')}`;
  switch (activity) {
    case 'run-started':
      return `run     started    ${run}`;
    case 'run-ended': {
      const took = typeof entry.durationMs === 'number' ? ` (${formatDuration(entry.durationMs)})` : '';
      const why = typeof entry.error === 'string' ? `: ${entry.error}` : '';
      return `run     ${text('status').padEnd(10)} ${run}${took}${why}`;
    }
    case 'agent-failed': {
      const next = entry.final === true ? 'final' : 'will retry';
      return `agent   failed     ${run}  ${text('agent')} attempt ${String(entry.attempt ?? '?')}, ${next}: ${text('error')}`;
    }
    case 'agent-deferred':
      return `agent   deferred   ${run}  ${text('agent')} attempt ${String(entry.attempt ?? '?')}, not counted, until ${text('dueAt')}`;
    case 'breaker-changed':
      return `breaker ${text('state').padEnd(10)} ${text('breaker')}`;
  }
}

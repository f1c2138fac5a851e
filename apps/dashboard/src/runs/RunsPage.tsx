import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import {
  RUN_STATUSES,
  TRIGGER_TYPES,
  type EnsembleSummary,
  type RunListItem,
  type RunPage,
} from '../api/types';
import { useResource } from '../api/use-resource';
import { formatDuration, millisecondsBetween } from '../format/time';
import { PageHeader } from '../ui/Section';
import { EmptyState, ErrorNotice, Loading } from '../ui/States';
import { StatusBadge } from '../ui/StatusBadge';
import { RelativeTime, useNow } from '../ui/time';
import { LiveIndicator } from '../ui/LiveIndicator';
import { Select } from '../ui/Select';
import { useTitle } from '../ui/use-title';
import { collectRuns } from './collect-runs';
import { filtersFromQuery, isFiltered, queryOfFilters, TIME_WINDOWS, type RunFilters } from './run-filters';

const PAGE = 50;
const POLL_MS = 3000;

export function RunsPage() {
  const api = useApi();
  const location = useLocation();
  const filters = filtersFromQuery(location.query);
  const [want, setWant] = useState(PAGE);
  const now = useNow(5000);
  const query = queryOfFilters(filters);
  useTitle('Runs');

  const runs = useResource(
    `runs${query}#${want}`,
    () =>
      collectRuns((path) => api.get<RunPage>(path), filters, {
        want,
        pageSize: Math.min(Math.max(want, PAGE), 200),
        maxPages: 10,
        now: new Date(),
      }),
    { pollMs: POLL_MS, keepPrevious: true },
  );
  const ensembles = useResource('ensembles', () =>
    api.get<{ ensembles: EnsembleSummary[] }>('/api/ensembles'),
  );

  const setFilter = (change: Partial<RunFilters>) => {
    setWant(PAGE);
    location.route(`/runs${queryOfFilters({ ...filters, ...change })}`, true);
  };

  return (
    <>
      <PageHeader
        title="Runs"
        actions={<LiveIndicator updatedAt={runs.updatedAt} failing={runs.error !== undefined} now={now} />}
      >
        Every run, newest first. Updates live.
      </PageHeader>
      <form class="filters" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Ensemble"
          value={filters.ensemble}
          options={(ensembles.data?.ensembles ?? []).map((e) => [e.name, e.name] as const)}
          keep={filters.ensemble}
          onChange={(ensemble) => setFilter({ ensemble })}
        />
        <Select
          label="Status"
          value={filters.status}
          options={RUN_STATUSES.map((s) => [s, s.replace('_', ' ')] as const)}
          onChange={(status) => setFilter({ status: status as RunFilters['status'] })}
        />
        <Select
          label="Trigger"
          value={filters.trigger}
          options={TRIGGER_TYPES.map((t) => [t, t] as const)}
          onChange={(trigger) => setFilter({ trigger: trigger as RunFilters['trigger'] })}
        />
        <Select
          label="Created"
          value={filters.since}
          anyLabel="Any time"
          options={Object.entries(TIME_WINDOWS).map(([key, window]) => [key, window.label] as const)}
          onChange={(since) => setFilter({ since: since as RunFilters['since'] })}
        />
        {isFiltered(filters) && (
          <button type="button" class="button button-quiet" onClick={() => location.route('/runs', true)}>
            Clear filters
          </button>
        )}
      </form>
      {runs.error && (
        <ErrorNotice title="Could not load the runs" failure={runs.error} onRetry={runs.reload} />
      )}
      {runs.data === undefined && !runs.error && <Loading what="runs" />}
      {runs.data !== undefined &&
        (runs.data.runs.length === 0 ? (
          <div class="card">
            {isFiltered(filters) ? (
              <EmptyState title="No run matches these filters">
                <p>Try another status or a longer time window.</p>
              </EmptyState>
            ) : (
              <EmptyState title="No runs yet">
                <p>
                  Start one from an <a href="/ensembles">ensemble’s page</a>, with{' '}
                  <code>baton run &lt;ensemble&gt;</code>, or by sending one of its webhooks.
                </p>
              </EmptyState>
            )}
          </div>
        ) : (
          <RunTable runs={runs.data.runs} now={now} />
        ))}
      {runs.data?.nextCursor && (
        <div class="more">
          <button type="button" class="button" onClick={() => setWant(want + PAGE)} disabled={runs.loading}>
            Show older runs
          </button>
        </div>
      )}
    </>
  );
}

function RunTable({ runs, now }: { runs: readonly RunListItem[]; now: Date }) {
  return (
    <div class="card card-flush">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Run</th>
            <th scope="col">Ensemble</th>
            <th scope="col">Trigger</th>
            <th scope="col">Created</th>
            <th scope="col" class="numeric">
              Duration
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td class="mono ellipsis">
                <a href={`/runs/${encodeURIComponent(run.id)}`} title={run.id}>
                  {run.id}
                </a>
              </td>
              <td>
                <a href={`/ensembles/${encodeURIComponent(run.ensemble)}`} class="quiet-link">
                  {run.ensemble}
                </a>
                <span class="muted small"> r{run.revision}</span>
              </td>
              <td>
                <span class="chip">{run.trigger}</span>
              </td>
              <td>
                <RelativeTime iso={run.createdAt} now={now} />
              </td>
              <td class="numeric">{runDuration(run, now)}</td>
              <td class="error-cell ellipsis" title={run.error?.message}>
                {run.error ? (
                  <>
                    <span class="error-code">{run.error.code}</span> {run.error.message}
                  </>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function runDuration(run: RunListItem, now: Date): string {
  const start = run.startedAt ?? run.createdAt;
  const ms = millisecondsBetween(start, run.finishedAt ?? now.toISOString());
  return ms === undefined ? '–' : formatDuration(ms);
}

import { useRoute } from 'preact-iso';
import { useApi } from '../api/api-context';
import { ApiFailure } from '../api/client';
import {
  hasEnded,
  type EnsembleDetail,
  type NotificationDelivery,
  type RunEvent,
  type RunView,
} from '../api/types';
import { useResource } from '../api/use-resource';
import { formatDuration, millisecondsBetween } from '../format/time';
import { LiveIndicator } from '../ui/LiveIndicator';
import { PageHeader, Section } from '../ui/Section';
import { ErrorNotice, Loading } from '../ui/States';
import { StatusBadge } from '../ui/StatusBadge';
import { JsonView } from '../ui/Code';
import { RelativeTime, Timestamp, useNow } from '../ui/time';
import { AgentGraph } from './AgentGraph';
import { EventLog } from './EventLog';
import { NotificationDeliveries } from './NotificationDeliveries';
import { RunActions } from './RunActions';
import { TimelineChart } from './TimelineChart';
import { openWaits } from './open-waits';
import { TERMINAL_EVENTS } from './timeline';
import { WaitPanel } from './WaitPanel';
import { useTitle } from '../ui/use-title';

const POLL_MS = 2000;

export function RunPage() {
  const { id } = useRoute().params;
  const api = useApi();
  const now = useNow(1000);
  const path = `/api/runs/${encodeURIComponent(id)}`;
  useTitle(`Run ${id.slice(0, 8)}`);

  const run = useResource(`run:${id}`, (signal) => api.get<RunView>(path, signal), {
    pollMs: POLL_MS,
    settled: (view) => hasEnded(view.status),
  });
  const events = useResource(
    `events:${id}`,
    (signal) => api.get<{ events: RunEvent[] }>(`${path}/events`, signal),
    {
      pollMs: POLL_MS,
      settled: ({ events: log }) => log.some((event) => TERMINAL_EVENTS.has(event.type)),
    },
  );
  const revisionPath =
    run.data && `/api/ensembles/${encodeURIComponent(run.data.ensemble)}/revisions/${run.data.revision}`;
  const definition = useResource(`definition:${revisionPath ?? ''}`, (signal) =>
    revisionPath ? api.get<EnsembleDetail>(revisionPath, signal) : Promise.resolve(undefined),
  );
  const ended = run.data !== undefined && hasEnded(run.data.status);
  const deliveries = useResource(
    `deliveries:${id}`,
    (signal) =>
      api.get<{ deliveries: NotificationDelivery[] }>(`${path}/deliveries`, signal).catch((failure) => {
        // The notifier's API may not exist on this server yet: no section rather than an error.
        if (failure instanceof ApiFailure && failure.status === 404) return undefined;
        throw failure;
      }),
    { pollMs: 5000, settled: () => ended },
  );
  const reload = () => {
    run.reload();
    events.reload();
  };

  if (run.error && !run.data) {
    const title = run.error.status === 404 ? 'No such run' : 'Could not load the run';
    return (
      <>
        <PageHeader eyebrow="Run" title={<span class="mono">{id}</span>} />
        <ErrorNotice title={title} failure={run.error} onRetry={run.reload} />
      </>
    );
  }
  if (!run.data) return <Loading what="the run" />;

  const view = run.data;
  const log = events.data?.events ?? [];
  const requested = log.find((event) => event.type === 'RunRequested')?.data;
  const waits = ended ? [] : openWaits(log);
  const took = millisecondsBetween(
    view.startedAt,
    view.finishedAt ?? (ended ? undefined : now.toISOString()),
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <a href="/runs">Runs</a> /{' '}
            <a href={`/ensembles/${encodeURIComponent(view.ensemble)}`}>{view.ensemble}</a>
          </>
        }
        title={<span class="mono run-id">{view.id}</span>}
        actions={<RunActions run={view} onChanged={reload} />}
      >
        <div class="meta-row">
          <StatusBadge status={view.status} large />
          <span class="muted">
            {view.startedAt ? (
              <>
                started <RelativeTime iso={view.startedAt} now={now} />
                {took !== undefined && (
                  <>
                    {' '}
                    · {ended ? 'took' : 'running for'} {formatDuration(took)}
                  </>
                )}
              </>
            ) : (
              'not started yet'
            )}
          </span>
          {!ended && <LiveIndicator updatedAt={run.updatedAt} failing={run.error !== undefined} now={now} />}
        </div>
      </PageHeader>

      {run.error && (
        <ErrorNotice title="Could not refresh the run" failure={run.error} onRetry={run.reload} />
      )}
      {view.error && (
        <div class="notice notice-error run-error" role="alert" aria-labelledby="run-error-title">
          <div>
            <strong id="run-error-title">
              {view.status === 'failed'
                ? 'The run failed'
                : view.status === 'timed_out'
                  ? 'The run timed out'
                  : 'The run ended early'}
              {view.error.agent && (
                <>
                  {' '}
                  in <span class="mono">{view.error.agent}</span>
                </>
              )}
            </strong>
            <p class="run-error-message">
              <span class="error-code">
                {view.error.code}
                {view.error.status !== undefined && ` · HTTP ${view.error.status}`}
              </span>{' '}
              {view.error.message}
            </p>
          </div>
        </div>
      )}
      {waits.length > 0 && <WaitPanel waits={waits} onResolved={reload} />}

      <dl class="facts card">
        <Fact label="Ensemble">
          <a href={`/ensembles/${encodeURIComponent(view.ensemble)}`}>{view.ensemble}</a>{' '}
          <span class="muted">revision {view.revision}</span>
        </Fact>
        <Fact label="Trigger">{triggerText(requested?.trigger)}</Fact>
        <Fact label="Started">
          <Timestamp iso={view.startedAt} />
        </Fact>
        <Fact label="Finished">
          <Timestamp iso={view.finishedAt} />
        </Fact>
        <Fact label="Duration">{took === undefined ? '–' : formatDuration(took)}</Fact>
        <Fact label="Trace">
          {view.traceId ? <span class="mono small">{view.traceId}</span> : <span class="muted">none</span>}
        </Fact>
      </dl>

      <Section title="Agents" id="agents">
        <AgentGraph run={view} definition={definition.data?.definition} now={now} />
      </Section>

      <Section title="Timeline" id="timeline">
        {events.error && !events.data ? (
          <ErrorNotice title="Could not load the event log" failure={events.error} onRetry={events.reload} />
        ) : (
          <TimelineChart events={log} now={now} />
        )}
      </Section>

      <div class="grid-2 grid-start">
        <Section title="Input" id="input">
          <JsonView value={view.input} label="Run input" empty="No input." />
        </Section>
        <Section title="Output" id="output">
          <JsonView
            value={view.output}
            label="Run output"
            empty={ended ? 'No output.' : 'Not yet: the run has not ended.'}
          />
        </Section>
      </div>

      {deliveries.data && (
        <Section title="Notifications" id="notifications" flush>
          <NotificationDeliveries deliveries={deliveries.data.deliveries} onRedelivered={deliveries.reload} />
        </Section>
      )}

      <Section title={`Event log (${log.length})`} id="events" flush>
        <EventLog events={log} />
      </Section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function triggerText(trigger: unknown) {
  const t = trigger as { type?: string; path?: string; of?: string; deliveryId?: string | null } | undefined;
  if (!t?.type) return <span class="muted">–</span>;
  return (
    <>
      <span class="chip">{t.type}</span>
      {t.path && <span class="mono small"> {t.path}</span>}
      {t.of && (
        <>
          {' '}
          of{' '}
          <a class="mono small" href={`/runs/${encodeURIComponent(t.of)}`}>
            {t.of}
          </a>
        </>
      )}
      {t.deliveryId && <span class="muted small"> · delivery {t.deliveryId}</span>}
    </>
  );
}

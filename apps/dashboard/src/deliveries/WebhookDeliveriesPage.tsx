import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import { WEBHOOK_DELIVERY_OUTCOMES, type EnsembleSummary, type WebhookDelivery } from '../api/types';
import { useResource } from '../api/use-resource';
import { LiveIndicator } from '../ui/LiveIndicator';
import { PageHeader } from '../ui/Section';
import { Select } from '../ui/Select';
import { EmptyState, ErrorNotice, Loading } from '../ui/States';
import { StatusBadge } from '../ui/StatusBadge';
import { RelativeTime, useNow } from '../ui/time';
import { useTitle } from '../ui/use-title';
import { refusalReason } from './refusal-reasons';

const PAGE = 50;

/** Every webhook request ingress answered: accepted (started a run), duplicate, refused and why. */
export function WebhookDeliveriesPage() {
  const api = useApi();
  const location = useLocation();
  const now = useNow(5000);
  useTitle('Webhook deliveries');
  const outcome = WEBHOOK_DELIVERY_OUTCOMES.find((o) => o === location.query.outcome);
  const ensemble = location.query.ensemble || undefined;
  const [limit, setLimit] = useState(PAGE);
  const params = new URLSearchParams();
  if (ensemble) params.set('ensemble', ensemble);
  if (outcome) params.set('outcome', outcome);
  params.set('limit', String(limit));

  const deliveries = useResource(
    `webhook-deliveries?${params.toString()}`,
    (signal) =>
      api.get<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
        `/api/webhooks/deliveries?${params.toString()}`,
        signal,
      ),
    { pollMs: 5000, keepPrevious: true },
  );
  const ensembles = useResource('ensembles', (signal) =>
    api.get<{ ensembles: EnsembleSummary[] }>('/api/ensembles', signal),
  );

  const setFilter = (change: { outcome?: string; ensemble?: string }) => {
    const next = new URLSearchParams();
    const merged = { ensemble, outcome, ...change };
    if (merged.ensemble) next.set('ensemble', merged.ensemble);
    if (merged.outcome) next.set('outcome', merged.outcome);
    setLimit(PAGE);
    const query = next.toString();
    location.route(`/deliveries${query ? `?${query}` : ''}`, true);
  };

  return (
    <>
      <PageHeader
        title="Webhook deliveries"
        actions={
          <LiveIndicator
            updatedAt={deliveries.updatedAt}
            failing={deliveries.error !== undefined}
            now={now}
          />
        }
      >
        Every request to <code>/webhooks/…</code>: the run it started, a replay recognised as a duplicate, or
        why it was refused.
      </PageHeader>
      <form
        class="filters"
        aria-label="Filter webhook deliveries"
        onSubmit={(event) => event.preventDefault()}
      >
        <Select
          label="Outcome"
          value={outcome}
          options={WEBHOOK_DELIVERY_OUTCOMES.map((o) => [o, o] as const)}
          onChange={(value) => setFilter({ outcome: value })}
        />
        <Select
          label="Ensemble"
          value={ensemble}
          keep={ensemble}
          options={(ensembles.data?.ensembles ?? []).map((e) => [e.name, e.name] as const)}
          onChange={(value) => setFilter({ ensemble: value })}
        />
      </form>
      {deliveries.error && (
        <ErrorNotice
          title="Could not load the webhook deliveries"
          failure={deliveries.error}
          onRetry={deliveries.reload}
        />
      )}
      {!deliveries.data && !deliveries.error && <Loading what="webhook deliveries" />}
      {deliveries.data &&
        (deliveries.data.deliveries.length === 0 ? (
          <div class="card">
            <EmptyState
              title={outcome || ensemble ? 'No delivery matches these filters' : 'No webhook deliveries yet'}
            >
              <p>
                Each request to a webhook trigger shows here, accepted or not. The{' '}
                <a href="/ensembles">ensembles</a> list their webhook URLs.
              </p>
            </EmptyState>
          </div>
        ) : (
          <div class="card card-flush">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Path</th>
                  <th scope="col">Ensemble</th>
                  <th scope="col">Delivery id</th>
                  <th scope="col">Run</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.deliveries.map((delivery) => (
                  <tr key={delivery.id} data-outcome={delivery.outcome}>
                    <td class="nowrap">
                      <RelativeTime iso={delivery.receivedAt} now={now} />
                    </td>
                    <td>
                      <StatusBadge status={delivery.outcome} />
                    </td>
                    <td class="mono small">{delivery.triggerPath}</td>
                    <td>
                      {delivery.ensemble ? (
                        <a class="quiet-link" href={`/ensembles/${encodeURIComponent(delivery.ensemble)}`}>
                          {delivery.ensemble}
                        </a>
                      ) : (
                        <span class="muted">–</span>
                      )}
                    </td>
                    <td class="mono small ellipsis" title={delivery.deliveryId ?? undefined}>
                      {delivery.deliveryId ?? <span class="muted">–</span>}
                    </td>
                    <td class="mono small ellipsis">
                      {delivery.runId ? (
                        <a href={`/runs/${encodeURIComponent(delivery.runId)}`} title={delivery.runId}>
                          {delivery.runId}
                        </a>
                      ) : (
                        <span class="muted">–</span>
                      )}
                    </td>
                    <td class={delivery.outcome === 'refused' ? 'error-cell' : 'muted small'}>
                      {delivery.outcome === 'refused' ? (
                        <>
                          <span class="error-code">
                            {delivery.statusCode} {delivery.errorCode}
                          </span>{' '}
                          {refusalReason(delivery.errorCode, delivery.statusCode)}
                        </>
                      ) : delivery.outcome === 'duplicate' ? (
                        'replay of a delivery already accepted'
                      ) : (
                        `${delivery.statusCode} accepted`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {deliveries.data?.nextCursor && (
        <div class="more">
          <button type="button" class="button" onClick={() => setLimit(limit + PAGE)}>
            Show older deliveries
          </button>
        </div>
      )}
    </>
  );
}

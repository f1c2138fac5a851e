import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context';
import type { ApiFailure } from '../api/client';
import type { NotificationDelivery } from '../api/types';
import { StatusBadge } from '../ui/StatusBadge';
import { Timestamp } from '../ui/time';

/**
 * The notifier's attempts for this run (`GET /api/runs/<id>/deliveries`): one row per attempt; the
 * last attempt of a delivery that failed for good can be sent again (same delivery id).
 */
export function NotificationDeliveries({
  deliveries,
  onRedelivered,
}: {
  deliveries: readonly NotificationDelivery[];
  onRedelivered?: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (deliveries.length === 0) return <p class="muted card-pad">None: this run sent no notifications.</p>;
  const latest = new Map<string, NotificationDelivery>();
  for (const delivery of deliveries) {
    const key = delivery.deliveryId ?? delivery.id;
    const seen = latest.get(key);
    if (seen === undefined || (delivery.attempt ?? 0) > (seen.attempt ?? 0)) latest.set(key, delivery);
  }
  const redeliver = async (deliveryId: string) => {
    setBusy(deliveryId);
    setError(undefined);
    try {
      await api.post(`/api/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
      onRedelivered?.();
    } catch (failure) {
      setError(`Could not redeliver: ${(failure as ApiFailure).describe()}`);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      {error && (
        <p class="field-error card-pad" role="alert">
          {error}
        </p>
      )}
      <table class="table table-compact">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">To</th>
            <th scope="col" class="numeric">
              Attempt
            </th>
            <th scope="col">Status</th>
            <th scope="col">Answer</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => {
            const target = delivery.target ?? delivery.url;
            const deliveryId = delivery.deliveryId;
            const canRedeliver =
              deliveryId !== undefined && delivery.status === 'failed' && latest.get(deliveryId) === delivery;
            return (
              <tr key={delivery.id}>
                <td class="nowrap">
                  <Timestamp iso={delivery.deliveredAt ?? delivery.createdAt} />
                </td>
                <td class="mono small">{delivery.event ?? '–'}</td>
                <td class="mono small ellipsis" title={target}>
                  {delivery.channel ? `${delivery.channel} ` : ''}
                  {target ?? '–'}
                </td>
                <td class="numeric">{delivery.attempt ?? '–'}</td>
                <td>{delivery.status ? <StatusBadge status={delivery.status} /> : '–'}</td>
                <td class="error-cell">
                  {delivery.responseCode != null && <span class="mono">HTTP {delivery.responseCode} </span>}
                  {typeof delivery.error === 'string' && delivery.error}
                </td>
                <td class="nowrap">
                  {canRedeliver && (
                    <button
                      type="button"
                      class="button button-small"
                      disabled={busy !== undefined}
                      onClick={() => void redeliver(deliveryId)}
                    >
                      {busy === deliveryId ? 'Sending…' : 'Redeliver'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

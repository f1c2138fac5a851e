import type { NotificationDelivery } from '../api/types';
import { StatusBadge } from '../ui/StatusBadge';
import { Timestamp } from '../ui/time';

/** The notifier's attempts for this run (`GET /api/runs/<id>/deliveries`). */
export function NotificationDeliveries({ deliveries }: { deliveries: readonly NotificationDelivery[] }) {
  if (deliveries.length === 0) return <p class="muted card-pad">None: this run sent no notifications.</p>;
  return (
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
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => (
          <tr key={delivery.id}>
            <td class="nowrap">
              <Timestamp iso={delivery.deliveredAt ?? delivery.createdAt} />
            </td>
            <td class="mono small">{delivery.event ?? '–'}</td>
            <td class="mono small ellipsis" title={delivery.url}>
              {delivery.url ?? delivery.channel ?? '–'}
            </td>
            <td class="numeric">{delivery.attempt ?? '–'}</td>
            <td>{delivery.status ? <StatusBadge status={delivery.status} /> : '–'}</td>
            <td class="error-cell">
              {delivery.responseCode != null && <span class="mono">HTTP {delivery.responseCode} </span>}
              {typeof delivery.error === 'string' && delivery.error}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

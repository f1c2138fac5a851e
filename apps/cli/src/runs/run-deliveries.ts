import { shorten } from '../formatting/json-text';
import { formatTable } from '../formatting/text-table';
import { formatTimestamp } from '../formatting/time-text';

/** One attempt as `GET /api/runs/<id>/deliveries` answers it (fields read defensively). */
export interface DeliveryRow {
  readonly deliveryId?: string;
  readonly event?: string;
  readonly channel?: string;
  readonly target?: string;
  readonly attempt?: number;
  readonly status?: string;
  readonly responseCode?: number | null;
  readonly error?: string | null;
  readonly createdAt?: string;
  readonly nextAttemptAt?: string | null;
}

const DETAIL_WIDTH = 100;

/**
 * The `Notifications` section of `runs show`: one row per attempt (time, event, channel and target,
 * attempt, status, answer), each delivery's attempts together under its short id, so a retried
 * delivery reads as one story.
 */
export function formatDeliveries(deliveries: readonly DeliveryRow[]): string {
  if (deliveries.length === 0) return 'Notifications: none\n';
  const rows = grouped(deliveries).map((row) => {
    const answer = [
      row.responseCode == null ? '' : `HTTP ${row.responseCode}`,
      row.error ?? '',
      row.status === 'retrying' && row.nextAttemptAt ? `next at ${formatTimestamp(row.nextAttemptAt)}` : '',
    ]
      .filter((part) => part !== '')
      .join(' · ');
    return [
      row.createdAt === undefined ? '' : formatTimestamp(row.createdAt),
      (row.deliveryId ?? '').slice(0, 8),
      row.event ?? '',
      `${row.channel ?? ''} ${row.target ?? ''}`.trim(),
      row.attempt === undefined ? '' : String(row.attempt),
      row.status ?? '',
      shorten(answer, DETAIL_WIDTH),
    ];
  });
  return `Notifications:\n${formatTable(['TIME', 'DELIVERY', 'EVENT', 'TO', 'ATTEMPT', 'STATUS', 'ANSWER'], rows, { indent: '  ' })}`;
}

/** Attempts of one delivery together, deliveries in the order of their first attempt. */
function grouped(deliveries: readonly DeliveryRow[]): DeliveryRow[] {
  const byDelivery = new Map<string, DeliveryRow[]>();
  for (const row of deliveries) {
    const key = row.deliveryId ?? '';
    byDelivery.set(key, [...(byDelivery.get(key) ?? []), row]);
  }
  return [...byDelivery.values()].flat();
}

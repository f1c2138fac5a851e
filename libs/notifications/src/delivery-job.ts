/**
 * One attempt of one delivery, as queued on BATON_DELIVERIES. It names what to deliver, never the
 * content: the notifier rebuilds the body from the run's log (the same bytes every time) and reads
 * the notification's secret from its own environment, so no job holds a payload or a secret.
 */
import { NOTIFICATION_EVENTS, type NotificationEvent } from '@baton/model';

export interface DeliveryJob {
  readonly deliveryId: string;
  readonly runId: string;
  /** Index of the notification in the revision's `notifications`. */
  readonly notification: number;
  readonly event: NotificationEvent;
  /** Seq of the run event the delivery is about. */
  readonly eventSeq: number;
  /** 1-based. */
  readonly attempt: number;
  /** Sent again by hand (`POST /api/deliveries/<id>/redeliver`): one attempt, no retries. */
  readonly redelivery?: boolean;
  readonly traceparent?: string;
}

/** A job read from the stream, checked field by field; undefined when it is not one. */
export function deliveryJobOf(value: unknown): DeliveryJob | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const job = value as Record<string, unknown>;
  const count = (field: unknown, min: number) =>
    typeof field === 'number' && Number.isSafeInteger(field) && field >= min;
  if (
    typeof job.deliveryId !== 'string' ||
    job.deliveryId === '' ||
    typeof job.runId !== 'string' ||
    job.runId === '' ||
    !count(job.notification, 0) ||
    !(NOTIFICATION_EVENTS as readonly unknown[]).includes(job.event) ||
    !count(job.eventSeq, 1) ||
    !count(job.attempt, 1) ||
    (job.redelivery !== undefined && typeof job.redelivery !== 'boolean') ||
    (job.traceparent !== undefined && typeof job.traceparent !== 'string')
  ) {
    return undefined;
  }
  return value as DeliveryJob;
}

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BATON_SCHEMA } from '../baton-schema';

/**
 * `retrying`: the attempt failed and the next one is scheduled (`nextAttemptAt`); `failed`: it
 * failed for good (not retryable, or the schedule is spent); `pending` is kept for a queued attempt.
 */
export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

export const NOTIFICATION_CHANNELS = ['webhook', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * `baton.notification_deliveries`: the notifier's log, one row per attempt of one delivery — one of
 * an ensemble's `notifications` (by its index) for one event of a run (`eventSeq`, the run event
 * it is about). `deliveryId` is the same on every attempt and on a redelivery; (deliveryId, attempt)
 * is unique, so recording an attempt twice (at-least-once consumers) keeps one row.
 */
export const NotificationDelivery = defineEntity({
  name: 'NotificationDelivery',
  tableName: 'notification_deliveries',
  schema: BATON_SCHEMA,
  properties: {
    id: p.uuid().primary(),
    deliveryId: p.text(),
    runId: p.text(),
    notificationIndex: p.integer(),
    event: p.text(),
    eventSeq: p.integer(),
    channel: p.enum(NOTIFICATION_CHANNELS),
    /** Where it went, without credentials: a URL without user info, secrets and credential-like query values; an email's recipients. */
    target: p.text(),
    attempt: p.integer(),
    status: p.enum(NOTIFICATION_DELIVERY_STATUSES),
    responseCode: p.integer().nullable(),
    error: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
  uniques: [{ name: 'notification_deliveries_attempt_unique', properties: ['deliveryId', 'attempt'] }],
  indexes: [
    { name: 'notification_deliveries_status_next_attempt_at_index', properties: ['status', 'nextAttemptAt'] },
    { name: 'notification_deliveries_run_id_created_at_index', properties: ['runId', 'createdAt'] },
  ],
});

export type NotificationDeliveryRecord = InferEntity<typeof NotificationDelivery>;

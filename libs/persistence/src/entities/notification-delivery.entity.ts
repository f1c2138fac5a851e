import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BATON_SCHEMA } from '../baton-schema';

export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/**
 * `baton.notification_deliveries`: the notifier's log, one row per attempt to deliver one of an
 * ensemble's `notifications` (by its index) for one event of a run. The unique key makes logging
 * an attempt twice (at-least-once consumers) harmless.
 */
export const NotificationDelivery = defineEntity({
  name: 'NotificationDelivery',
  tableName: 'notification_deliveries',
  schema: BATON_SCHEMA,
  properties: {
    id: p.uuid().primary(),
    runId: p.text(),
    notificationIndex: p.integer(),
    event: p.text(),
    /** The target without credentials: callers strip user info and secret query values first. */
    url: p.text(),
    attempt: p.integer(),
    status: p.enum(NOTIFICATION_DELIVERY_STATUSES),
    responseCode: p.integer().nullable(),
    error: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
  uniques: [
    {
      name: 'notification_deliveries_attempt_unique',
      properties: ['runId', 'notificationIndex', 'event', 'attempt'],
    },
  ],
  indexes: [
    { name: 'notification_deliveries_status_next_attempt_at_index', properties: ['status', 'nextAttemptAt'] },
  ],
});

export type NotificationDeliveryRecord = InferEntity<typeof NotificationDelivery>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BATON_SCHEMA } from '../baton-schema';

/** `baton.webhook_logs`: one row per webhook request ingress answered, accepted or not. */
export const WebhookLog = defineEntity({
  name: 'WebhookLog',
  tableName: 'webhook_logs',
  schema: BATON_SCHEMA,
  properties: {
    id: p.uuid().primary(),
    triggerPath: p.text(),
    ensemble: p.text().nullable(),
    deliveryId: p.text().nullable(),
    runId: p.text().nullable(),
    duplicate: p.boolean(),
    statusCode: p.integer(),
    /** The API error code when the request was refused (`invalid-signature`, …). */
    errorCode: p.text().nullable(),
    receivedAt: p.datetime(),
    /** Only allow-listed headers: never a signature, an authorization or a cookie. */
    headers: p.json<Record<string, string>>(),
  },
  indexes: [
    { name: 'webhook_logs_trigger_path_received_at_index', properties: ['triggerPath', 'receivedAt'] },
    { name: 'webhook_logs_received_at_index', properties: ['receivedAt'] },
    { name: 'webhook_logs_run_id_index', properties: ['runId'] },
  ],
});

export type WebhookLogRecord = InferEntity<typeof WebhookLog>;

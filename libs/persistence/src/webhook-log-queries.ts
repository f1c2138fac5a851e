import type { FilterQuery } from '@mikro-orm/postgresql';
import { WebhookLog, type WebhookLogRecord } from './entities/webhook-log.entity';
import type { ReadModelOrm } from './orm';
import { decodeRunCursor, encodeRunCursor } from './run-cursor';

export const DEFAULT_WEBHOOK_DELIVERY_PAGE_SIZE = 50;
export const MAX_WEBHOOK_DELIVERY_PAGE_SIZE = 500;

/** How ingress answered a webhook request: started a run, recognised a replay, or refused it. */
export const WEBHOOK_DELIVERY_OUTCOMES = ['accepted', 'duplicate', 'refused'] as const;
export type WebhookDeliveryOutcome = (typeof WEBHOOK_DELIVERY_OUTCOMES)[number];

/** `GET /api/webhooks/deliveries?ensemble=&outcome=&limit=&cursor=`, newest first. */
export interface WebhookDeliveryQuery {
  readonly ensemble?: string;
  readonly outcome?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** One line of the webhook log as the API shows it; `errorCode` is the reason of a refusal. */
export interface WebhookDelivery {
  readonly id: string;
  readonly receivedAt: string;
  readonly triggerPath: string;
  readonly ensemble: string | null;
  readonly deliveryId: string | null;
  readonly runId: string | null;
  readonly outcome: WebhookDeliveryOutcome;
  readonly statusCode: number;
  readonly errorCode: string | null;
  /** Only the allow-listed headers the log keeps (never a signature, authorization or cookie). */
  readonly headers: Record<string, string>;
}

export interface WebhookDeliveryQueryError {
  readonly code: 'invalid-cursor' | 'invalid-outcome' | 'invalid-limit';
  readonly message: string;
}

export type WebhookDeliveryPage =
  | { readonly ok: true; readonly deliveries: WebhookDelivery[]; readonly nextCursor: string | null }
  | { readonly ok: false; readonly error: WebhookDeliveryQueryError };

/** Reads the `webhook_logs` read model for the dashboard's webhook deliveries page. */
export class WebhookLogQueries {
  constructor(private readonly orm: ReadModelOrm) {}

  async list(query: WebhookDeliveryQuery): Promise<WebhookDeliveryPage> {
    const limit = query.limit ?? DEFAULT_WEBHOOK_DELIVERY_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1) {
      return invalid(
        'invalid-limit',
        `limit must be a whole number from 1 to ${MAX_WEBHOOK_DELIVERY_PAGE_SIZE}`,
      );
    }
    const outcome = query.outcome;
    if (outcome !== undefined && !isOutcome(outcome)) {
      return invalid('invalid-outcome', `outcome must be one of ${WEBHOOK_DELIVERY_OUTCOMES.join(', ')}`);
    }
    // The same keyset as the runs list: (time, id) descending, so pages never repeat or skip a line.
    const cursor = query.cursor === undefined ? undefined : decodeRunCursor(query.cursor);
    if (query.cursor !== undefined && cursor === undefined) {
      return invalid('invalid-cursor', 'cursor is not one a previous page returned');
    }

    const pageSize = Math.min(limit, MAX_WEBHOOK_DELIVERY_PAGE_SIZE);
    const where: FilterQuery<WebhookLogRecord>[] = [];
    if (query.ensemble !== undefined) where.push({ ensemble: query.ensemble });
    if (outcome !== undefined) where.push(OUTCOME_FILTERS[outcome]);
    if (cursor !== undefined) {
      where.push({
        $or: [
          { receivedAt: { $lt: cursor.createdAt } },
          { receivedAt: cursor.createdAt, id: { $lt: cursor.id } },
        ],
      });
    }
    const rows = await this.orm.em.fork().find(WebhookLog, where.length > 0 ? { $and: where } : {}, {
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      limit: pageSize + 1,
    });
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    const nextCursor =
      rows.length > pageSize && last !== undefined
        ? encodeRunCursor({ createdAt: last.receivedAt, id: last.id })
        : null;
    return { ok: true, deliveries: page.map(webhookDelivery), nextCursor };
  }
}

/** A 2xx answer started a run (or found the one a replay had started); anything else was refused. */
const OUTCOME_FILTERS: Record<WebhookDeliveryOutcome, FilterQuery<WebhookLogRecord>> = {
  accepted: { statusCode: { $gte: 200, $lt: 300 }, duplicate: false },
  duplicate: { statusCode: { $gte: 200, $lt: 300 }, duplicate: true },
  refused: { $or: [{ statusCode: { $lt: 200 } }, { statusCode: { $gte: 300 } }] },
};

function webhookDeliveryOutcome(
  row: Pick<WebhookLogRecord, 'statusCode' | 'duplicate'>,
): WebhookDeliveryOutcome {
  if (row.statusCode < 200 || row.statusCode >= 300) return 'refused';
  return row.duplicate ? 'duplicate' : 'accepted';
}

function webhookDelivery(row: WebhookLogRecord): WebhookDelivery {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    triggerPath: row.triggerPath,
    ensemble: row.ensemble ?? null,
    deliveryId: row.deliveryId ?? null,
    runId: row.runId ?? null,
    outcome: webhookDeliveryOutcome(row),
    statusCode: row.statusCode,
    errorCode: row.errorCode ?? null,
    headers: row.headers,
  };
}

function isOutcome(text: string): text is WebhookDeliveryOutcome {
  return (WEBHOOK_DELIVERY_OUTCOMES as readonly string[]).includes(text);
}

function invalid(code: WebhookDeliveryQueryError['code'], message: string): WebhookDeliveryPage {
  return { ok: false, error: { code, message } };
}

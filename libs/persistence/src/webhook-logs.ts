import { randomUUID } from 'node:crypto';
import { WebhookLog } from './entities/webhook-log.entity';
import type { ReadModelOrm } from './orm';
import { loggableHeaders, type IncomingHeaders } from './webhook-headers';

/** One webhook request as ingress answered it. */
export interface WebhookLogEntry {
  readonly triggerPath: string;
  readonly ensemble?: string;
  readonly deliveryId?: string;
  readonly runId?: string;
  readonly duplicate?: boolean;
  readonly statusCode: number;
  readonly errorCode?: string;
  readonly receivedAt: Date | string;
  /** The request's headers as received: only the allow-listed ones are stored. */
  readonly headers: IncomingHeaders;
}

export class WebhookLogs {
  constructor(private readonly orm: ReadModelOrm) {}

  /** Stores one entry and returns its id. */
  async record(entry: WebhookLogEntry): Promise<string> {
    const [id] = await this.recordMany([entry]);
    return id;
  }

  /** Stores entries in one statement (ingress batches them) and returns their ids. */
  async recordMany(entries: readonly WebhookLogEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows = entries.map((entry) => ({
      id: randomUUID(),
      triggerPath: entry.triggerPath,
      ensemble: entry.ensemble ?? null,
      deliveryId: entry.deliveryId ?? null,
      runId: entry.runId ?? null,
      duplicate: entry.duplicate ?? false,
      statusCode: entry.statusCode,
      errorCode: entry.errorCode ?? null,
      receivedAt: new Date(entry.receivedAt),
      headers: loggableHeaders(entry.headers),
    }));
    // Straight to the driver: these rows are never loaded into an identity map, and skipping the
    // entity manager's unit of work halves the CPU a busy ingress spends per webhook on its log.
    await this.orm.em.getDriver().nativeInsertMany(WebhookLog, rows);
    return rows.map((row) => row.id);
  }
}

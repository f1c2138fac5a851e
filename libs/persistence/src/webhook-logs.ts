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
  /** The request's headers as received: only the allow-listed ones are kept. */
  readonly headers: IncomingHeaders;
}

/**
 * A webhook_logs row as it travels from ingress to the projector (BATON_WEBHOOK_LOGS): its id is
 * fixed when the request is answered, so a line delivered twice is stored once.
 */
export interface WebhookLogLine {
  readonly id: string;
  readonly triggerPath: string;
  readonly ensemble: string | null;
  readonly deliveryId: string | null;
  readonly runId: string | null;
  readonly duplicate: boolean;
  readonly statusCode: number;
  readonly errorCode: string | null;
  readonly receivedAt: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The line of an answered request: a new id, the time in ISO 8601, only the allow-listed headers. */
export function webhookLogLine(entry: WebhookLogEntry): WebhookLogLine {
  return {
    id: randomUUID(),
    triggerPath: entry.triggerPath,
    ensemble: entry.ensemble ?? null,
    deliveryId: entry.deliveryId ?? null,
    runId: entry.runId ?? null,
    duplicate: entry.duplicate ?? false,
    statusCode: entry.statusCode,
    errorCode: entry.errorCode ?? null,
    receivedAt: new Date(entry.receivedAt).toISOString(),
    headers: loggableHeaders(entry.headers),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const optionalText = (value: unknown) => value === null || typeof value === 'string';

/**
 * The line `value` holds, or undefined when it is not one (a message on the stream that ingress
 * did not write): checked field by field, its headers filtered again, so nothing unexpected is stored.
 */
export function parseWebhookLogLine(value: unknown): WebhookLogLine | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const line = value as Record<string, unknown>;
  const valid =
    typeof line['id'] === 'string' &&
    UUID.test(line['id']) &&
    typeof line['triggerPath'] === 'string' &&
    optionalText(line['ensemble']) &&
    optionalText(line['deliveryId']) &&
    optionalText(line['runId']) &&
    typeof line['duplicate'] === 'boolean' &&
    Number.isInteger(line['statusCode']) &&
    optionalText(line['errorCode']) &&
    typeof line['receivedAt'] === 'string' &&
    !Number.isNaN(Date.parse(line['receivedAt'])) &&
    line['headers'] !== null &&
    typeof line['headers'] === 'object' &&
    !Array.isArray(line['headers']);
  if (!valid) return undefined;
  const headers = Object.fromEntries(
    Object.entries(line['headers'] as Record<string, unknown>).filter(([, text]) => typeof text === 'string'),
  ) as Record<string, string>;
  return {
    id: line['id'] as string,
    triggerPath: line['triggerPath'] as string,
    ensemble: line['ensemble'] as string | null,
    deliveryId: line['deliveryId'] as string | null,
    runId: line['runId'] as string | null,
    duplicate: line['duplicate'] as boolean,
    statusCode: line['statusCode'] as number,
    errorCode: line['errorCode'] as string | null,
    receivedAt: new Date(line['receivedAt'] as string).toISOString(),
    headers: loggableHeaders(headers),
  };
}

export class WebhookLogs {
  private readonly sql: string;
  private readonly columns: ReadonlyArray<readonly [keyof WebhookLogLine, string]>;

  constructor(private readonly orm: ReadModelOrm) {
    // Column names come from the entity's metadata: the one place they are defined.
    const meta = orm.getMetadata().get(WebhookLog);
    const table = `${meta.schema}.${meta.tableName}`;
    this.columns = meta.props.map((prop) => [prop.name as keyof WebhookLogLine, prop.fieldNames[0]] as const);
    this.sql =
      `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json) ` +
      `on conflict (${meta.props.find((prop) => prop.primary)?.fieldNames[0] ?? 'id'}) do nothing`;
  }

  /** Stores one entry's line (specs, tools) and returns its id. */
  async record(entry: WebhookLogEntry): Promise<string> {
    const line = webhookLogLine(entry);
    await this.write([line]);
    return line.id;
  }

  /**
   * Stores lines in one statement and resolves with how many were new: a line already stored (a
   * redelivery) is skipped. The rows travel as one bound JSON parameter that PostgreSQL expands
   * (`json_populate_recordset`): MikroORM would inline and escape every value in JavaScript.
   */
  async write(lines: readonly WebhookLogLine[]): Promise<number> {
    if (lines.length === 0) return 0;
    const rows = lines.map((line) =>
      Object.fromEntries(this.columns.map(([property, column]) => [column, line[property]])),
    );
    const pool = await this.orm.em.getConnection().getNativeClient();
    const result = await pool.query(this.sql, [JSON.stringify(rows)]);
    return result.rowCount ?? 0;
  }
}

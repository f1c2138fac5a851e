import { randomUUID } from 'node:crypto';
import { WebhookLog, type WebhookLogRecord } from './entities/webhook-log.entity';
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
  /** Column names come from the entity's metadata: the one place they are defined. */
  private readonly statement: { column: (property: keyof WebhookLogRecord & string) => string; sql: string };

  constructor(private readonly orm: ReadModelOrm) {
    const meta = orm.getMetadata().get(WebhookLog);
    const table = `${meta.schema}.${meta.tableName}`;
    const columns = new Map(meta.props.map((prop) => [prop.name, prop.fieldNames[0]]));
    this.statement = {
      column: (property) => columns.get(property) ?? property,
      sql: `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`,
    };
  }

  /** Stores one entry and returns its id. */
  async record(entry: WebhookLogEntry): Promise<string> {
    const [id] = await this.recordMany([entry]);
    return id;
  }

  /**
   * Stores entries in one statement (ingress batches them) and returns their ids. The rows travel as
   * one bound JSON parameter that PostgreSQL expands (`json_populate_recordset`) on MikroORM's own
   * pool: MikroORM would inline and escape every value of every row in JavaScript first, which was
   * the largest cost a busy ingress paid per webhook (docs/decisions.md).
   */
  async recordMany(entries: readonly WebhookLogEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const { column, sql } = this.statement;
    const rows = entries.map((entry) => ({
      [column('id')]: randomUUID(),
      [column('triggerPath')]: entry.triggerPath,
      [column('ensemble')]: entry.ensemble ?? null,
      [column('deliveryId')]: entry.deliveryId ?? null,
      [column('runId')]: entry.runId ?? null,
      [column('duplicate')]: entry.duplicate ?? false,
      [column('statusCode')]: entry.statusCode,
      [column('errorCode')]: entry.errorCode ?? null,
      [column('receivedAt')]: new Date(entry.receivedAt).toISOString(),
      [column('headers')]: loggableHeaders(entry.headers),
    }));
    const pool = await this.orm.em.getConnection().getNativeClient();
    await pool.query(sql, [JSON.stringify(rows)]);
    return rows.map((row) => row[column('id')] as string);
  }
}

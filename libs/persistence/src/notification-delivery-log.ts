import { randomUUID } from 'node:crypto';
import type {
  NotificationChannel,
  NotificationDeliveryStatus,
} from './entities/notification-delivery.entity';
import { BATON_SCHEMA } from './baton-schema';
import type { ReadModelOrm } from './orm';

/** One attempt as the notifier records it (after sending, or after giving up without sending). */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly runId: string;
  readonly notificationIndex: number;
  readonly event: string;
  readonly eventSeq: number;
  readonly channel: NotificationChannel;
  /** Already stripped of credentials by the caller. */
  readonly target: string;
  readonly attempt: number;
  readonly status: NotificationDeliveryStatus;
  readonly responseCode?: number;
  /** Already redacted by the caller. */
  readonly error?: string;
  readonly at: Date;
  readonly nextAttemptAt?: Date;
}

/** One attempt as `GET /api/runs/<id>/deliveries` shows it. */
export interface DeliveryAttemptView {
  readonly id: string;
  readonly deliveryId: string;
  readonly runId: string;
  readonly notification: number;
  readonly event: string;
  readonly eventSeq: number;
  readonly channel: NotificationChannel;
  readonly target: string;
  readonly attempt: number;
  readonly status: NotificationDeliveryStatus;
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
}

const TABLE = `${BATON_SCHEMA}.notification_deliveries`;
const COLUMNS = `id, delivery_id, run_id, notification_index, event, event_seq, channel, target, attempt,
  status, response_code, error, created_at, delivered_at, next_attempt_at`;

interface Row {
  id: string;
  delivery_id: string;
  run_id: string;
  notification_index: number;
  event: string;
  event_seq: number;
  channel: NotificationChannel;
  target: string;
  attempt: number;
  status: NotificationDeliveryStatus;
  response_code: number | null;
  error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date | null;
}

/**
 * `baton.notification_deliveries`, written by the notifier itself (not by the projector): attempts
 * are not run events, so the log holds no trace of them to project. One row per attempt; writing an
 * attempt again (a job redelivered after a crash between sending and acknowledging) replaces its
 * outcome with the later one.
 */
export class NotificationDeliveryLog {
  constructor(private readonly orm: ReadModelOrm) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    await this.query(
      `insert into ${TABLE} (${COLUMNS})
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (delivery_id, attempt) do update set status = excluded.status,
         response_code = excluded.response_code, error = excluded.error, target = excluded.target,
         delivered_at = excluded.delivered_at, next_attempt_at = excluded.next_attempt_at`,
      [
        randomUUID(),
        attempt.deliveryId,
        attempt.runId,
        attempt.notificationIndex,
        attempt.event,
        attempt.eventSeq,
        attempt.channel,
        attempt.target,
        attempt.attempt,
        attempt.status,
        attempt.responseCode ?? null,
        attempt.error ?? null,
        attempt.at,
        attempt.status === 'delivered' ? attempt.at : null,
        attempt.nextAttemptAt ?? null,
      ],
    );
  }

  /** Whether this attempt has an outcome already (a job delivered again after it was recorded). */
  async hasOutcome(deliveryId: string, attempt: number): Promise<boolean> {
    const rows = await this.query<{ found: number }>(
      `select 1 as found from ${TABLE} where delivery_id = $1 and attempt = $2 and status <> 'pending'`,
      [deliveryId, attempt],
    );
    return rows.length > 0;
  }

  /** Every attempt for a run, oldest first. */
  async forRun(runId: string): Promise<DeliveryAttemptView[]> {
    const rows = await this.query<Row>(
      `select ${COLUMNS} from ${TABLE} where run_id = $1 order by created_at, delivery_id, attempt`,
      [runId],
    );
    return rows.map(view);
  }

  /** The latest attempt of a delivery, or undefined for an id never recorded. */
  async latest(deliveryId: string): Promise<DeliveryAttemptView | undefined> {
    const rows = await this.query<Row>(
      `select ${COLUMNS} from ${TABLE} where delivery_id = $1 order by attempt desc limit 1`,
      [deliveryId],
    );
    return rows.length === 0 ? undefined : view(rows[0]);
  }

  private async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const pool = await this.orm.em.getConnection().getNativeClient();
    const result = await pool.query(sql, parameters);
    return result.rows as T[];
  }
}

function view(row: Row): DeliveryAttemptView {
  const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    runId: row.run_id,
    notification: row.notification_index,
    event: row.event,
    eventSeq: row.event_seq,
    channel: row.channel,
    target: row.target,
    attempt: row.attempt,
    status: row.status,
    responseCode: row.response_code,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    deliveredAt: iso(row.delivered_at),
    nextAttemptAt: iso(row.next_attempt_at),
  };
}

import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DatabaseConfig } from '@baton/config';
import {
  closeOrm,
  loggableHeaders,
  NotificationDeliveryLog,
  openReadModels,
  RunQueries,
  WebhookLogQueries,
  WebhookLogs,
  type ReadModelOrm,
  type WebhookLogEntry,
} from '@baton/persistence';
import { ApiError } from '../http/api-error';

const RETRY_MS = 2000;
const LOG_BATCH = 200;
const LOG_FLUSH_MS = 250;

/**
 * The PostgreSQL read models, connected in the background: ingress starts, and keeps accepting
 * webhooks, while PostgreSQL is down; only the read routes answer 503 until it is back.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModels.name);
  private orm: ReadModelOrm | undefined;
  private queries: RunQueries | undefined;
  private webhookLogs: WebhookLogs | undefined;
  private webhookLogQueries: WebhookLogQueries | undefined;
  private deliveryLog: NotificationDeliveryLog | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private pendingLogs: WebhookLogEntry[] = [];
  private logTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: DatabaseConfig) {}

  onModuleInit(): void {
    void this.connect();
  }

  get ready(): boolean {
    return this.queries !== undefined;
  }

  runs(): RunQueries {
    if (!this.queries)
      throw ApiError.unavailable('the read models (PostgreSQL) are not reachable yet; try again shortly');
    return this.queries;
  }

  /** The notifier's delivery attempts (`GET /api/runs/<id>/deliveries`, redeliveries). */
  notificationDeliveries(): NotificationDeliveryLog {
    if (!this.deliveryLog)
      throw ApiError.unavailable('the read models (PostgreSQL) are not reachable yet; try again shortly');
    return this.deliveryLog;
  }

  webhookDeliveries(): WebhookLogQueries {
    if (!this.webhookLogQueries)
      throw ApiError.unavailable('the read models (PostgreSQL) are not reachable yet; try again shortly');
    return this.webhookLogQueries;
  }

  /**
   * Best effort: a webhook is answered whether or not its log line is written. Lines are written in
   * batches, off the request path; while PostgreSQL is down they are dropped, with a warning.
   */
  logWebhook(entry: WebhookLogEntry): void {
    if (!this.webhookLogs) return;
    // Only the allow-listed headers wait for the batch: holding on to the request's own headers
    // object would keep every request's headers alive (and promoted by the GC) until the flush.
    this.pendingLogs.push({ ...entry, headers: loggableHeaders(entry.headers) });
    if (this.pendingLogs.length >= LOG_BATCH) void this.flushLogs();
    else this.logTimer ??= setTimeout(() => void this.flushLogs(), LOG_FLUSH_MS);
  }

  private async flushLogs(): Promise<void> {
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
    const batch = this.pendingLogs.splice(0);
    await this.webhookLogs
      ?.recordMany(batch)
      .catch((error: Error) =>
        this.logger.warn(`${batch.length} webhook log lines not written: ${error.message}`),
      );
  }

  private async connect(): Promise<void> {
    try {
      this.orm = await openReadModels(this.config.DATABASE_URL);
      this.queries = new RunQueries(this.orm);
      this.webhookLogs = new WebhookLogs(this.orm);
      this.webhookLogQueries = new WebhookLogQueries(this.orm);
      this.deliveryLog = new NotificationDeliveryLog(this.orm);
      this.logger.log('read models connected');
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`read models unavailable, retrying in ${RETRY_MS} ms: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.connect(), RETRY_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.flushLogs();
    if (this.orm) await closeOrm(this.orm);
  }
}

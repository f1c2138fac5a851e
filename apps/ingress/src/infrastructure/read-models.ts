import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DatabaseConfig } from '@baton/config';
import {
  closeOrm,
  NotificationDeliveryLog,
  openReadModels,
  RunQueries,
  WebhookLogQueries,
  type ReadModelOrm,
} from '@baton/persistence';
import { ApiError } from '../http/api-error';

const RETRY_MS = 2000;

/**
 * The PostgreSQL read models, connected in the background: ingress starts, and keeps accepting
 * webhooks, while PostgreSQL is down; only the read routes answer 503 until it is back.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModels.name);
  private orm: ReadModelOrm | undefined;
  private queries: RunQueries | undefined;
  private webhookLogQueries: WebhookLogQueries | undefined;
  private deliveryLog: NotificationDeliveryLog | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

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

  private async connect(): Promise<void> {
    try {
      this.orm = await openReadModels(this.config.DATABASE_URL);
      this.queries = new RunQueries(this.orm);
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
    if (this.orm) await closeOrm(this.orm);
  }
}

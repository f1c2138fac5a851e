import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { NATS_CONNECTION, WebhookLogStream } from '@baton/messaging';
import { webhookLogLine, type WebhookLogEntry } from '@baton/persistence';

/**
 * Ingress's webhook log: each answered request's line goes to the projector through JetStream
 * (BATON_WEBHOOK_LOGS), never to PostgreSQL directly, so lines wait in the stream while PostgreSQL
 * is down. Off the request path: `record` never waits and never throws.
 */
@Injectable()
export class WebhookLogLines implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookLogLines.name);
  private readonly stream: WebhookLogStream;

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection) {
    this.stream = new WebhookLogStream(nc, { onTrouble: (message) => this.logger.warn(message) });
  }

  record(entry: WebhookLogEntry): void {
    // Only the line waits (allow-listed headers, copied), not the request's own headers object.
    this.stream.add(webhookLogLine(entry));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const lost = await this.stream.close();
    if (lost > 0) this.logger.warn(`${lost} webhook log lines not sent before shutdown`);
  }
}

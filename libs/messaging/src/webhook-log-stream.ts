import type { NatsConnection } from '@nats-io/nats-core';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';

/**
 * Ingress's webhook log lines on their way to PostgreSQL: `baton.webhook-log` on the
 * BATON_WEBHOOK_LOGS work queue, which the projector drains (durable `projector-webhook-logs`).
 * The lines wait there while PostgreSQL is down. One message carries many lines; its id is the
 * message id, so a message sent again within the duplicate window is stored once.
 */
export class WebhookLogStream {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  /** Resolves once JetStream stored the message. */
  async send(messageId: string, lines: readonly unknown[]): Promise<void> {
    await this.publisher.publishJson(this.layout.webhookLogSubject, { lines }, { msgID: messageId });
  }
}

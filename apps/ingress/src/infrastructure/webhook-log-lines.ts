import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { NATS_CONNECTION, WebhookLogStream } from '@baton/messaging';
import { webhookLogLine, type WebhookLogEntry, type WebhookLogLine } from '@baton/persistence';

/** Lines per message: small enough for NATS's default 1 MiB payload even with every header at its cap. */
const LINES_PER_MESSAGE = 100;
/** How long a line waits for others before its message goes out. */
const FLUSH_MS = 50;
/** A message JetStream did not take is sent again (same id: stored once) after this long. */
const RETRY_MS = 1000;
/** Lines held for a retry at most; beyond, the oldest are dropped with a warning. */
const MAX_HELD_LINES = 20_000;
/** How long a shutdown waits for the messages in flight. */
const SHUTDOWN_WAIT_MS = 2000;

interface HeldMessage {
  readonly id: string;
  readonly lines: readonly WebhookLogLine[];
}

/**
 * Ingress's webhook log: each answered request's line goes to the projector through JetStream
 * (BATON_WEBHOOK_LOGS), never to PostgreSQL directly, so lines wait in the stream while PostgreSQL
 * is down. Lines are gathered for up to 50 ms into one message, off the request path. A message
 * JetStream refuses (NATS unreachable) is held and sent again every second with the same id.
 */
@Injectable()
export class WebhookLogLines implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookLogLines.name);
  private readonly stream: WebhookLogStream;
  private gathering: WebhookLogLine[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private held: HeldMessage[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly sending = new Set<Promise<void>>();

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection) {
    this.stream = new WebhookLogStream(nc);
  }

  /** Queues the line of one answered request; never throws, never waits. */
  record(entry: WebhookLogEntry): void {
    // Only the line waits (allow-listed headers, copied): not the request's own headers object.
    this.gathering.push(webhookLogLine(entry));
    if (this.gathering.length >= LINES_PER_MESSAGE) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends what is gathered and waits (a bounded time) for every message in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    this.flush();
    clearTimeout(this.retryTimer);
    for (const message of this.held.splice(0)) this.send(message);
    const settled = Promise.all([...this.sending]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
    const lost = this.held.reduce((sum, message) => sum + message.lines.length, 0);
    if (lost > 0) this.logger.warn(`${lost} webhook log lines not sent before shutdown`);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.gathering.length === 0) return;
    this.send({ id: randomUUID(), lines: this.gathering });
    this.gathering = [];
  }

  private send(message: HeldMessage): void {
    const sent = this.stream
      .send(message.id, message.lines)
      .catch((error: Error) => this.hold(message, error));
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  private hold(message: HeldMessage, error: Error): void {
    this.held.push(message);
    let heldLines = this.held.reduce((sum, waiting) => sum + waiting.lines.length, 0);
    while (heldLines > MAX_HELD_LINES && this.held.length > 1) {
      const dropped = this.held.shift() as HeldMessage;
      heldLines -= dropped.lines.length;
      this.logger.warn(`${dropped.lines.length} webhook log lines dropped: NATS has refused them too long`);
    }
    this.logger.warn(`${message.lines.length} webhook log lines not sent yet, retrying: ${error.message}`);
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      for (const waiting of this.held.splice(0)) this.send(waiting);
    }, RETRY_MS);
  }
}

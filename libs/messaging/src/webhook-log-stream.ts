import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { type LayoutOptions, type NatsLayout, natsLayout } from './nats-layout';

export interface WebhookLogStreamOptions extends LayoutOptions {
  /** How long a line waits for others before its message goes out. Default 50 ms. */
  readonly flushMs?: number;
  /** A message JetStream did not take is sent again (same id) after this long. Default 1 s. */
  readonly retryMs?: number;
  /** Called when lines are held for a retry, or dropped because too many are held. */
  readonly onTrouble?: (message: string) => void;
}

/** Lines per message: within NATS's default 1 MiB payload even with every logged header at its cap. */
const LINES_PER_MESSAGE = 100;
/** Lines held for a retry at most; beyond, the oldest messages are dropped. */
const MAX_HELD_LINES = 20_000;

interface Outgoing {
  readonly id: string;
  readonly lines: readonly unknown[];
}

/**
 * Ingress's webhook log lines on their way to PostgreSQL: `baton.webhook-log` on the
 * BATON_WEBHOOK_LOGS work queue, which the projector drains (durable `projector-webhook-logs`), so
 * lines wait in the stream while PostgreSQL is down. `add` never waits and never throws: lines are
 * gathered for up to `flushMs` into messages of up to 100 lines (`{ lines }`, the message id a
 * UUID, so a message sent twice within the duplicate window is stored once). A message JetStream
 * refuses (NATS unreachable) is held and sent again every `retryMs`; at most 20,000 lines are held.
 */
export class WebhookLogStream {
  private readonly publisher: JetStreamPublisher;
  private readonly layout: NatsLayout;
  private gathering: unknown[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private held: Outgoing[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    nc: NatsConnection,
    private readonly options: WebhookLogStreamOptions = {},
  ) {
    this.publisher = jetStreamPublisher(nc);
    this.layout = natsLayout(options);
  }

  add(line: unknown): void {
    this.gathering.push(line);
    if (this.gathering.length >= LINES_PER_MESSAGE) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 50);
  }

  /** Sends what is gathered or held and waits, at most `timeoutMs`, for the messages in flight; resolves with the lines not sent. */
  async close(timeoutMs = 2000): Promise<number> {
    this.flush();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const message of this.held.splice(0)) this.send(message);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.sending]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    clearTimeout(this.retryTimer);
    return this.held.reduce((sum, message) => sum + message.lines.length, 0);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.gathering.length === 0) return;
    this.send({ id: randomUUID(), lines: this.gathering });
    this.gathering = [];
  }

  private send(message: Outgoing): void {
    const sent = this.publisher
      .publishJson(this.layout.webhookLogSubject, { lines: message.lines }, { msgID: message.id })
      .then(
        () => undefined,
        (error: Error) => this.hold(message, error),
      );
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  private hold(message: Outgoing, error: Error): void {
    this.held.push(message);
    let heldLines = this.held.reduce((sum, waiting) => sum + waiting.lines.length, 0);
    while (heldLines > MAX_HELD_LINES && this.held.length > 1) {
      const dropped = this.held.shift() as Outgoing;
      heldLines -= dropped.lines.length;
      this.options.onTrouble?.(
        `${dropped.lines.length} webhook log lines dropped: NATS refused them too long`,
      );
    }
    this.options.onTrouble?.(
      `${message.lines.length} webhook log lines not sent yet, retrying: ${error.message}`,
    );
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      for (const waiting of this.held.splice(0)) this.send(waiting);
    }, this.options.retryMs ?? 1000);
  }
}

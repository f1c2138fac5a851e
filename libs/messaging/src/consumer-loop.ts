import { jetstream } from '@nats-io/jetstream';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { millis } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/nats-core';
import { markSpanFailed, withConsumerSpan } from '@baton/telemetry';
import { API_CODES, hasApiCode } from './api-error-codes';
import { InFlightLimit } from './in-flight-limit';
import { MessagingError } from './messaging-error';
import type { PullGate } from './pull-priority';
import { redeliveryDelay } from './redelivery-delay';
import { TRACEPARENT_HEADER } from './trace-headers';

/** What becomes of a message once its handler is done. */
export type Disposition =
  | { readonly kind: 'ack' }
  /** Deliver again after `delayMs` (to this or another replica). */
  | { readonly kind: 'nak'; readonly delayMs: number }
  /** Never deliver again: the payload can never be handled (`reason` is for the caller's log). */
  | { readonly kind: 'term'; readonly reason: string };

export interface LoopLogger {
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ConsumerLoopOptions {
  readonly stream: string;
  readonly consumer: string;
  /** Messages handled at once by this process; also the size of each pull. */
  readonly maxInFlight: number;
  readonly handle: (msg: JsMsg) => Promise<Disposition>;
  readonly logger: LoopLogger;
  /** Told of each message settled: its disposition and how long its handler took. */
  readonly onSettled?: (disposition: Disposition, seconds: number) => void;
  /**
   * Pull only while the gate is open (a lower-priority consumer yielding to others): messages are
   * then fetched when they can be handled at once, never held waiting.
   */
  readonly gate?: PullGate;
}

const RESTART_DELAY_MS = 1000;
/** How long one consumer-info answer stands for every gate that asks (they refresh every 500 ms). */
const REFRESH_SHARED_MS = 250;
/**
 * A gated fetch waits this long for messages before the gate is asked again, with server heartbeats
 * every second: the pull ends by the server's own expiry, never by the client deciding heartbeats
 * were missed while the server still holds the pull (a message delivered then would wait out its
 * ack wait), unless the process really stalls for two seconds.
 */
const GATED_FETCH = { expires: 5000, idle_heartbeat: 1000 } as const;

/**
 * Pulls one durable consumer and hands each message to `handle`, at most `maxInFlight` at a time,
 * settling it with the disposition `handle` returns. While a handler runs it sends `working()`
 * every third of the ack wait, so a long handler keeps its message. `stop()` stops pulling, NAKs
 * whatever was pulled but not started, and waits for the handlers in hand.
 *
 * Nothing is acknowledged before its handler finished: a process that dies leaves its messages
 * un-acked and JetStream redelivers them after the ack wait.
 *
 * Each handler runs inside a CONSUMER span that continues the publisher's trace (the message's
 * `traceparent` header), with the trace id on every log line it writes: every consumer built on
 * this loop is traced without doing anything.
 */
export class ConsumerLoop {
  private readonly js: JetStreamClient;
  private readonly limit: InFlightLimit;
  private consumer: Consumer | undefined;
  private messages: ConsumerMessages | undefined;
  private heartbeatMs = 0;
  private stopping = false;
  private pulling: Promise<void> | undefined;
  /** Messages not yet delivered, as the server said with the last delivery (or the last refresh). */
  private undelivered = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: ConsumerLoopOptions,
  ) {
    this.js = jetstream(nc);
    this.limit = new InFlightLimit(options.maxInFlight);
  }

  /** Binds to the durable consumer (rejects when it does not exist) and starts pulling. */
  async start(): Promise<void> {
    const { consumer, heartbeatMs, pending } = await bindDurable(
      this.js,
      this.options.stream,
      this.options.consumer,
    );
    this.heartbeatMs = heartbeatMs;
    this.undelivered = pending;
    this.consumer = consumer;
    const gate = this.options.gate;
    this.pulling = gate === undefined ? this.pull() : this.pullGated(gate);
  }

  /** Nothing waits on the server for this consumer, and this process has a free slot for it. */
  get idle(): boolean {
    return this.undelivered === 0 && this.limit.inFlight < this.limit.capacity;
  }

  /**
   * Asks the server how many messages wait (another replica may have taken the last ones). The
   * gates of every starts consumer of the process ask about the same commands consumers: one
   * request answers all who ask while it is in flight or within `REFRESH_SHARED_MS` of its answer.
   */
  refreshUndelivered(): Promise<void> {
    if (this.refreshing !== undefined) return this.refreshing;
    const refreshing = (async () => {
      try {
        const info = await this.consumer?.info(false);
        if (info !== undefined) this.undelivered = info.num_pending;
      } finally {
        setTimeout(() => {
          if (this.refreshing === refreshing) this.refreshing = undefined;
        }, REFRESH_SHARED_MS).unref();
      }
    })();
    this.refreshing = refreshing;
    return refreshing;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.limit.drained();
    await this.pulling;
  }

  private async pull(): Promise<void> {
    while (!this.stopping && this.consumer) {
      try {
        this.messages = await this.consumer.consume({ max_messages: this.options.maxInFlight });
        // stop() may have run while consume() was being set up (after a reconnect): it closed the
        // previous iterator, not this one.
        if (this.stopping) {
          await this.messages.close();
          break;
        }
        for await (const msg of this.messages) {
          this.undelivered = msg.info.pending;
          await this.limit.acquire();
          if (this.stopping) {
            this.limit.release();
            settle(msg, { kind: 'nak', delayMs: 0 }, this.options.logger);
            continue;
          }
          void this.process(msg);
        }
      } catch (error) {
        if (this.stopping) break;
        this.options.logger.error(
          `Pulling ${this.options.stream}/${this.options.consumer} failed, retrying: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
      }
      // The iterator also ends when the connection closes for good; then there is nothing to restart.
      if (this.stopping || this.nc.isClosed()) break;
      await sleep(RESTART_DELAY_MS);
    }
  }

  /** As `pull`, for a gated consumer: fetch only what free slots can take, and only while the gate is open. */
  private async pullGated(gate: PullGate): Promise<void> {
    while (!this.stopping && this.consumer) {
      let holding = false;
      try {
        await this.limit.acquire();
        holding = true;
        await gate.whenOpen(() => this.stopping);
        if (this.stopping) break;
        const free = this.limit.capacity - this.limit.inFlight;
        this.messages = await this.consumer.fetch({ max_messages: 1 + free, ...GATED_FETCH });
        for await (const msg of this.messages) {
          if (!holding) await this.limit.acquire();
          holding = false;
          if (this.stopping) {
            this.limit.release();
            settle(msg, { kind: 'nak', delayMs: 0 }, this.options.logger);
            continue;
          }
          void this.process(msg);
        }
      } catch (error) {
        if (this.stopping) break;
        this.options.logger.error(
          `Fetching ${this.options.stream}/${this.options.consumer} failed, retrying: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
        if (holding) this.limit.release();
        holding = false;
        await sleep(RESTART_DELAY_MS);
      } finally {
        if (holding) this.limit.release();
      }
      if (this.nc.isClosed()) break;
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const heartbeat = setInterval(
      () => settle(msg, { kind: 'working' }, this.options.logger),
      this.heartbeatMs,
    );
    const started = performance.now();
    const disposition = await withConsumerSpan(consumedMessage(msg, this.options), async (span) => {
      try {
        const settled = await this.options.handle(msg);
        if (settled.kind === 'term') markSpanFailed(span, `terminated: ${settled.reason}`);
        if (settled.kind === 'nak')
          markSpanFailed(span, `handler failed; redelivered in ${settled.delayMs} ms`);
        return settled;
      } catch (error) {
        markSpanFailed(span, error);
        this.options.logger.error(
          `Handler for ${this.options.consumer} threw on ${msg.subject} #${msg.seq}: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
        return { kind: 'nak', delayMs: redeliveryDelay(msg.info.deliveryCount) } as const;
      } finally {
        clearInterval(heartbeat);
      }
    });
    settle(msg, disposition, this.options.logger);
    this.limit.release();
    this.options.onSettled?.(disposition, (performance.now() - started) / 1000);
  }
}

/** What a consumer span names of a message: its consumer, stream, subject, trace and delivery. */
export function consumedMessage(
  msg: JsMsg,
  where: { readonly stream: string; readonly consumer: string },
): Parameters<typeof withConsumerSpan>[0] {
  const traceparent = msg.headers?.get(TRACEPARENT_HEADER) || undefined;
  const messageId = msg.headers?.get('Nats-Msg-Id') || undefined;
  return {
    consumer: where.consumer,
    stream: where.stream,
    subject: msg.subject,
    deliveryCount: msg.info.deliveryCount,
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(messageId === undefined ? {} : { messageId }),
  };
}

/**
 * The durable consumer `name` of `stream` (rejects with `not-provisioned` when it does not exist),
 * and how often a message in hand should be kept with `working()`: three heartbeats per ack wait,
 * so one lost or late never costs the message. (The server default ack wait is 30 s.)
 */
export async function bindDurable(
  js: JetStreamClient,
  stream: string,
  name: string,
): Promise<{ consumer: Consumer; heartbeatMs: number; pending: number }> {
  const consumer = await js.consumers.get(stream, name).catch((error: unknown) => {
    if (hasApiCode(error, API_CODES.ConsumerNotFound) || hasApiCode(error, API_CODES.StreamNotFound)) {
      throw new MessagingError(
        'not-provisioned',
        `Consumer ${name} on stream ${stream} does not exist: run \`baton provision\` first`,
        { cause: error },
      );
    }
    throw error;
  });
  const info = await consumer.info(true);
  return {
    consumer,
    heartbeatMs: Math.max(100, Math.floor(millis(info.config.ack_wait ?? 30e9) / 3)),
    pending: info.num_pending,
  };
}

/**
 * Acks are fire-and-forget publishes: one that cannot be sent (the connection closed under us)
 * leaves the message un-acked, and JetStream redelivers it. That is the at-least-once contract.
 */
export function settle(msg: JsMsg, disposition: Disposition | { kind: 'working' }, logger: LoopLogger): void {
  try {
    switch (disposition.kind) {
      case 'ack':
        return msg.ack();
      case 'nak':
        return msg.nak(disposition.delayMs > 0 ? Math.ceil(disposition.delayMs) : undefined);
      case 'term':
        // nats-server 2.9 ignores a `+TERM` that carries a reason, so the reason is only logged by the caller.
        return msg.term();
      case 'working':
        return msg.working();
    }
  } catch (error) {
    logger.warn(
      `Could not ${disposition.kind} ${msg.subject} #${msg.seq}; JetStream will redeliver it: ${describe(error)}`,
    );
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

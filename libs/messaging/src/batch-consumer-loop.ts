import { jetstream } from '@nats-io/jetstream';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { markSpanFailed, startConsumerSpan } from '@baton/telemetry';
import {
  bindDurable,
  consumedMessage,
  describe,
  settle,
  type Disposition,
  type LoopLogger,
} from './consumer-loop';
import { redeliveryDelay as defaultRedeliveryDelay } from './redelivery-delay';

export interface BatchConsumerLoopOptions {
  readonly stream: string;
  readonly consumer: string;
  /** Most messages handed to `handle` at once; also the size of each pull. */
  readonly maxBatch: number;
  /**
   * Handles a batch and says what becomes of each message, in the batch's order. A rejection NAKs
   * the whole batch with `redeliveryDelay`.
   */
  readonly handle: (messages: readonly JsMsg[]) => Promise<readonly Disposition[]>;
  readonly logger: LoopLogger;
  /** Delay before a message of a failed batch comes back (default: 1 s doubling to 60 s). */
  readonly redeliveryDelay?: (deliveryCount: number) => number;
  /** Called once per message settled, with its disposition and its batch's handling time. */
  readonly onSettled?: (disposition: Disposition, seconds: number) => void;
}

const RESTART_DELAY_MS = 1000;

/**
 * Pulls one durable consumer and hands its messages to `handle` in batches: whatever arrived while
 * the previous batch was handled, up to `maxBatch`. One message waits for nobody (a quiet stream
 * sees batches of one); a backlog is taken `maxBatch` at a time. Each message is settled with its
 * disposition only after `handle` resolved, so a batch written in one transaction is acknowledged
 * only once committed. While a batch is handled its messages, and those waiting for the next one,
 * get `working()` every third of the ack wait. `stop()` stops pulling, NAKs what was pulled but not handed over, and waits for the
 * batch in hand.
 */
export class BatchConsumerLoop {
  private readonly js: JetStreamClient;
  private consumer: Consumer | undefined;
  private messages: ConsumerMessages | undefined;
  private heartbeatMs = 0;
  private stopping = false;
  private pulling: Promise<void> | undefined;
  private handling: Promise<void> | undefined;
  private buffer: JsMsg[] = [];
  /** Wakes the pull once the buffer has room again. */
  private room: (() => void) | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: BatchConsumerLoopOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    this.js = jetstream(nc);
  }

  /** Binds to the durable consumer (rejects when it does not exist) and starts pulling. */
  async start(): Promise<void> {
    const { consumer, heartbeatMs } = await bindDurable(this.js, this.options.stream, this.options.consumer);
    this.consumer = consumer;
    this.heartbeatMs = heartbeatMs;
    this.pulling = this.pull();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // The iterator ends only once the pull takes its next item: wake a pull waiting for room first.
    const closing = this.messages?.close();
    this.room?.();
    for (const msg of this.buffer.splice(0)) settle(msg, { kind: 'nak', delayMs: 0 }, this.options.logger);
    await this.handling;
    await closing;
    await this.pulling;
  }

  private async pull(): Promise<void> {
    while (!this.stopping && this.consumer) {
      try {
        this.messages = await this.consumer.consume({ max_messages: this.options.maxBatch });
        // stop() may have run while consume() was being set up (after a reconnect).
        if (this.stopping) {
          await this.messages.close();
          break;
        }
        for await (const msg of this.messages) {
          if (this.stopping) {
            settle(msg, { kind: 'nak', delayMs: 0 }, this.options.logger);
            continue;
          }
          this.buffer.push(msg);
          this.handling ??= this.handleAll();
          if (this.buffer.length >= this.options.maxBatch) {
            await new Promise<void>((resolve) => (this.room = resolve));
          }
        }
      } catch (error) {
        if (this.stopping) break;
        this.options.logger.error(
          `Pulling ${this.options.stream}/${this.options.consumer} failed, retrying: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
      }
      if (this.stopping || this.nc.isClosed()) break;
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    }
  }

  /** Hands batches over until the buffer is empty. */
  private async handleAll(): Promise<void> {
    try {
      while (this.buffer.length > 0 && !this.stopping) {
        // Messages that came in the same read from the socket arrive within this turn: wait for them.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.buffer.splice(0, this.options.maxBatch);
        const wake = this.room;
        this.room = undefined;
        wake?.();
        await this.handleBatch(batch);
      }
    } finally {
      this.handling = undefined;
    }
    // A message may have arrived after the last check and before `handling` was cleared.
    if (this.buffer.length > 0 && !this.stopping) this.handling ??= this.handleAll();
  }

  private async handleBatch(batch: readonly JsMsg[]): Promise<void> {
    if (batch.length === 0) return;
    // The messages waiting for the next batch are kept too: a slow batch must not cost them.
    const heartbeat = setInterval(() => {
      for (const msg of [...batch, ...this.buffer]) settle(msg, { kind: 'working' }, this.options.logger);
    }, this.heartbeatMs);
    // Each message continues its own trace (a batch mixes runs): one CONSUMER span per message.
    const spans = batch.map((msg) => startConsumerSpan(consumedMessage(msg, this.options)));
    const started = performance.now();
    let dispositions: readonly Disposition[];
    try {
      dispositions = await this.options.handle(batch);
      if (dispositions.length !== batch.length) {
        throw new Error(`the handler settled ${dispositions.length} of ${batch.length} messages`);
      }
    } catch (error) {
      const delay = this.options.redeliveryDelay ?? defaultRedeliveryDelay;
      this.options.logger.warn(
        `Handler of ${this.options.consumer} failed on a batch of ${batch.length} (first ${batch[0].subject} #${batch[0].seq}), redelivering: ${describe(error)}`,
      );
      dispositions = batch.map((msg) => ({ kind: 'nak', delayMs: delay(msg.info.deliveryCount) }));
    } finally {
      clearInterval(heartbeat);
    }
    const seconds = (performance.now() - started) / 1000;
    batch.forEach((msg, index) => {
      const disposition = dispositions[index];
      settle(msg, disposition, this.options.logger);
      if (disposition.kind === 'term') markSpanFailed(spans[index], `terminated: ${disposition.reason}`);
      if (disposition.kind === 'nak')
        markSpanFailed(spans[index], `redelivered in ${disposition.delayMs} ms`);
      spans[index].end();
      this.options.onSettled?.(disposition, seconds);
    });
  }
}

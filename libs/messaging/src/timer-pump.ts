import type { Timer } from '@baton/engine';
import { Logger } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ConsumerLoop, type Disposition, type LoopLogger } from './consumer-loop';
import { JetStreamInbox } from './inbox';
import { decodeJson } from './json-payload';
import { CONSUMERS, type LayoutOptions, natsLayout } from './nats-layout';

// Waiting NAKs inflate the delivery count, so a failed inbox publish retries on a fixed short delay instead of a back-off.
const INBOX_RETRY_MS = 2000;

export interface TimerPumpOptions extends LayoutOptions {
  /**
   * Longest single wait before a timer is looked at again. Waiting in short steps keeps a timer
   * on time when the clock is adjusted while it waits. Default 30 s.
   */
  readonly maxWaitMs?: number;
  /** Timers looked at concurrently by this process. Default 64. */
  readonly maxInFlight?: number;
  readonly now?: () => number;
  readonly logger?: LoopLogger;
}

/**
 * Fires durable timers: consumes `scheduler` on BATON_TIMERS; a due timer's command goes to the
 * run's inbox and the timer is acked; one not yet due is NAKed with a delay until it is (at most
 * `maxWaitMs` at a time), so it stays in JetStream, held by no process, until it fires.
 *
 * A timer fires at or after its `dueAt`, never before; at least once (a crash between the inbox
 * publish and the ack fires it again, and the inbox drops the repeat within its duplicate window
 * because the command id is the message id).
 */
export class TimerPump {
  private readonly loop: ConsumerLoop;
  private readonly inbox: JetStreamInbox;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly logger: LoopLogger;

  constructor(nc: NatsConnection, options: TimerPumpOptions = {}) {
    this.inbox = new JetStreamInbox(nc, options);
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? new Logger(TimerPump.name);
    this.loop = new ConsumerLoop(nc, {
      stream: natsLayout(options).streams.timers,
      consumer: CONSUMERS.scheduler,
      maxInFlight: options.maxInFlight ?? 64,
      handle: (msg) => this.fire(msg),
      logger: this.logger,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async fire(msg: JsMsg): Promise<Disposition> {
    const decoded = decodeJson<Timer>(msg.data);
    const dueAt = decoded.ok ? Date.parse(decoded.value.dueAt) : Number.NaN;
    if (!decoded.ok || Number.isNaN(dueAt)) {
      const reason = decoded.ok ? `dueAt "${String(decoded.value.dueAt)}" is not a date` : decoded.reason;
      this.logger.error(`Dropping unreadable timer ${msg.subject} #${msg.seq}: ${reason}`);
      return { kind: 'term', reason };
    }
    const remaining = dueAt - this.now();
    if (remaining > 0) return { kind: 'nak', delayMs: Math.min(remaining, this.maxWaitMs) };
    try {
      await this.inbox.send(decoded.value.command);
      return { kind: 'ack' };
    } catch (error) {
      this.logger.warn(
        `Timer ${decoded.value.timerId} could not reach the inbox, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { kind: 'nak', delayMs: INBOX_RETRY_MS };
    }
  }
}

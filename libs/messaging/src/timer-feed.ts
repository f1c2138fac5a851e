import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import type { LoopLogger } from './consumer-loop';
import { MessagingError } from './messaging-error';
import { type TimerEntry, readTimerEntry } from './timer-store';

export interface TimerFeedOptions {
  readonly stream: string;
  /** Each message of the stream, in order, once (its headers only). */
  readonly onEntry: (entry: TimerEntry, seq: number) => void;
  readonly logger: LoopLogger;
}

const RESTART_DELAY_MS = 1000;
const CATCH_UP_CHECK_MS = 1000;

/**
 * Tails the timer store with an ephemeral ordered consumer that delivers headers only (a timer's
 * due time is a header; its payload stays on disk until it fires): from the first message at start,
 * then each new one as it is stored. nats.js recreates the consumer after a gap or a server
 * restart; should the iteration itself end, the feed starts a new consumer after the last sequence
 * it saw, so no message is reported twice.
 */
export class TimerFeed {
  private readonly js: JetStreamClient;
  private jsm: JetStreamManager | undefined;
  private lastSeq = 0;
  private messages: ConsumerMessages | undefined;
  private reading: Promise<void> | undefined;
  private stopping = false;
  private upToDate = false;
  private markCaughtUp!: () => void;
  /** Resolves once every message stored before the feed started has been reported. */
  readonly caughtUp = new Promise<void>((resolve) => (this.markCaughtUp = resolve));
  private catchUpCheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: TimerFeedOptions,
  ) {
    this.js = jetstream(nc);
  }

  /** Sequence of the last message reported. */
  get position(): number {
    return this.lastSeq;
  }

  get isCaughtUp(): boolean {
    return this.upToDate;
  }

  /** Rejects with `not-provisioned` when the stream does not exist. */
  async start(): Promise<void> {
    this.jsm = await jetstreamManager(this.nc);
    const info = await this.jsm.streams.info(this.options.stream).catch((error: unknown) => {
      if (!hasApiCode(error, API_CODES.StreamNotFound)) throw error;
      throw new MessagingError(
        'not-provisioned',
        `Stream ${this.options.stream} does not exist: run \`baton provision\` first`,
        { cause: error },
      );
    });
    if (info.state.messages === 0) this.caughtUpNow();
    else this.catchUpCheck = setInterval(() => void this.checkCaughtUp(), CATCH_UP_CHECK_MS).unref();
    this.reading = this.read();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.catchUpCheck);
    await this.messages?.close();
    await this.reading;
  }

  private async read(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.js.consumers.get(this.options.stream, {
          headers_only: true,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: this.lastSeq + 1,
        });
        this.messages = await consumer.consume({ max_messages: 4096 });
        if (this.stopping) await this.messages.close();
        for await (const msg of this.messages) {
          if (msg.seq <= this.lastSeq) continue;
          this.lastSeq = msg.seq;
          this.options.onEntry(readTimerEntry(msg.headers), msg.seq);
          if (!this.upToDate && msg.info.pending === 0) this.caughtUpNow();
        }
      } catch (error) {
        if (this.stopping) break;
        this.options.logger.error(
          `Reading ${this.options.stream} failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (this.stopping || this.nc.isClosed()) break;
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    }
  }

  /** The last messages may have been deleted after the feed started: then no message says "none pending". */
  private async checkCaughtUp(): Promise<void> {
    if (this.upToDate || !this.jsm) return;
    const next = await this.jsm.direct
      .getMessage(this.options.stream, { seq: this.lastSeq + 1, next_by_subj: '>' })
      .catch(() => undefined);
    if (next === null) this.caughtUpNow();
  }

  private caughtUpNow(): void {
    this.upToDate = true;
    clearInterval(this.catchUpCheck);
    this.markCaughtUp();
  }
}

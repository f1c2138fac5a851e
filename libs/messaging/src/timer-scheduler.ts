import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import type { LoopLogger } from './consumer-loop';
import { KvLease } from './kv-lease';
import { type LayoutOptions, natsLayout } from './nats-layout';
import { redeliveryDelay } from './redelivery-delay';
import { TimerFeed } from './timer-feed';
import { TimerFiring } from './timer-firing';
import { EntryKind, type IndexEntry, TimerIndex } from './timer-index';
import type { TimerEntry } from './timer-store';
import { WakeableSleep } from './wakeable-sleep';

export interface TimerSchedulerOptions extends LayoutOptions {
  /** This replica's name in the lease; default `<hostname>:<pid>:<random>`. */
  readonly owner?: string;
  /** How soon a standby takes over from a replica that died. Default 5 s. */
  readonly leaseTtlMs?: number;
  /** Timers fired at once. Default 64. */
  readonly maxInFlight?: number;
  /** Wall clock (ms since the epoch) that decides when a timer is due. */
  readonly now?: () => number;
  /** Called for each timer fired, with how late it fired (ms): the scheduler's lateness metric. */
  readonly onFired?: (latenessMs: number) => void;
  /** `log` (which replica fires) is optional; warnings and errors are not. */
  readonly logger?: LoopLogger & { log?(message: string): void };
}

/** What the firing replica tells standbys with each lease renewal: every timer with `dueAt ≤ this.dueAt` and `seq ≤ this.seq` is done. */
export interface FiredMark {
  readonly dueAt: number;
  readonly seq: number;
}

const SCHEDULER_LEASE = 'scheduler';
/** Longest sleep: a wall-clock change or a lost lease is noticed within it. */
const MAX_SLEEP_MS = 1000;
const BATCH = 1024;

interface Attempt {
  readonly entry: IndexEntry;
  /** Failed attempts so far. */
  readonly attempts: number;
}

interface Retry extends Attempt {
  readonly retryAt: number;
}

/**
 * The scheduler: fires the timer store's timers when due. Every replica keeps an index of the
 * store (TimerIndex: due time and sequence of every message, from a headers-only TimerFeed, so its
 * index is warm when it takes over); the one replica holding the `scheduler` lease (KvLease) fires.
 * A timer fires at or after its due time, never before, and at least once (TimerFiring).
 *
 * Standbys drop what the firing replica reports done (its FiredMark, published with the lease), so
 * their indexes hold only what is pending; a new holder fires what it still indexes as due, and
 * what was fired since the last mark is found gone. A timer whose target cannot be published is
 * retried on its own back-off (1 s doubling to 60 s) without holding up the others.
 */
export class TimerScheduler {
  private readonly index = new TimerIndex();
  private readonly feed: TimerFeed;
  private readonly lease: KvLease<FiredMark>;
  private readonly firing: TimerFiring;
  private readonly retries = new Map<number, Retry>();
  private readonly now: () => number;
  private readonly maxInFlight: number;
  private readonly logger: LoopLogger & { log?(message: string): void };
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private readonly pause = new WakeableSleep();

  constructor(
    nc: NatsConnection,
    private readonly options: TimerSchedulerOptions = {},
  ) {
    const layout = natsLayout(options);
    this.now = options.now ?? Date.now;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.logger = options.logger ?? new Logger(TimerScheduler.name);
    this.feed = new TimerFeed(nc, {
      stream: layout.streams.timers,
      onEntry: (entry, seq) => this.indexEntry(entry, seq),
      logger: this.logger,
    });
    this.lease = new KvLease<FiredMark>(nc, {
      bucket: layout.buckets.leases,
      key: SCHEDULER_LEASE,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs }),
      logger: this.logger,
    });
    this.lease.onChange((held) => this.leaseChanged(held));
    this.firing = new TimerFiring(nc, options, this.logger);
  }

  /** Whether this replica is the one firing. */
  get firingReplica(): boolean {
    return this.lease.held;
  }

  /** Timers (and tombstones) indexed and not yet fired or dropped. */
  get pending(): number {
    return this.index.size + this.retries.size;
  }

  /** Resolves once the index holds every message stored before start. */
  get caughtUp(): Promise<void> {
    return this.feed.caughtUp;
  }

  get isCaughtUp(): boolean {
    return this.feed.isCaughtUp;
  }

  /** Rejects with MessagingError `not-provisioned` when the store or the lease bucket is missing. */
  async start(): Promise<void> {
    await this.feed.start();
    await this.lease.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
    await this.lease.stop();
    await this.feed.stop();
  }

  /**
   * A timer goes in at its due time; a tombstone at once, to be deleted; a message without a due
   * time at once too, to be read: a timer of an older Baton is stored again, anything else deleted.
   */
  private indexEntry(entry: TimerEntry, seq: number): void {
    const dueAt = entry.kind === 'timer' ? entry.dueAt : 0;
    this.index.push(dueAt, seq, entry.kind === 'tombstone' ? EntryKind.Tombstone : EntryKind.Timer);
    if (dueAt < this.wakeAt) this.pause.wake();
  }

  private leaseChanged(held: boolean): void {
    if (!held) {
      // A standby keeps what it could not fire: its original due time stays in the index.
      for (const { entry } of this.retries.values()) this.index.push(entry.dueAt, entry.seq, entry.kind);
      this.retries.clear();
    }
    this.logger.log?.(held ? 'This replica now fires the timers' : 'This replica no longer fires the timers');
    this.pause.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.lease.held) await this.fireDue();
        else this.dropFired(this.lease.record?.data);
      } catch (error) {
        this.logger.error(`Timer scheduler: ${error instanceof Error ? error.message : String(error)}`);
      }
      await this.sleep();
    }
  }

  /** A standby drops what the firing replica reported done. */
  private dropFired(mark: FiredMark | undefined): void {
    if (mark === undefined) return;
    for (
      let top = this.index.peek();
      top && top.dueAt <= mark.dueAt && top.seq <= mark.seq;
      top = this.index.peek()
    )
      this.index.pop();
  }

  /** Fires everything due, in rounds of at most BATCH, then tells the standbys how far it got. */
  private async fireDue(): Promise<void> {
    for (;;) {
      const roundAt = this.now();
      const indexedUpTo = this.feed.position;
      const batch = this.takeDueRetries(roundAt);
      while (batch.length < BATCH && this.index.nextDueAt() <= roundAt)
        batch.push({ entry: this.index.pop() as IndexEntry, attempts: 0 });
      if (batch.length > 0) await this.fireBatch(batch);
      if (!this.lease.held) return;
      let markDue = Math.min(roundAt, this.index.nextDueAt() - 1);
      for (const { entry } of this.retries.values()) markDue = Math.min(markDue, entry.dueAt - 1);
      this.lease.publish({ dueAt: markDue, seq: indexedUpTo });
      if (batch.length < BATCH || this.stopping) return;
    }
  }

  /** Retries that are due leave the map while in flight; a failure puts them back. */
  private takeDueRetries(now: number): Attempt[] {
    const due: Attempt[] = [];
    for (const [seq, retry] of this.retries) {
      if (retry.retryAt > now) continue;
      this.retries.delete(seq);
      due.push({ entry: retry.entry, attempts: retry.attempts });
    }
    return due;
  }

  private async fireBatch(batch: readonly Attempt[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < batch.length; i = next++) {
        const { entry, attempts } = batch[i];
        // Lost the lease mid-batch: what is left goes back to the index, for whichever replica fires next.
        if (!this.lease.held || this.stopping) this.index.push(entry.dueAt, entry.seq, entry.kind);
        else await this.fireOne(entry, attempts);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxInFlight, batch.length) }, worker));
  }

  private async fireOne(entry: IndexEntry, failedBefore: number): Promise<void> {
    try {
      if (entry.kind === EntryKind.Tombstone) await this.firing.delete(entry.seq);
      else {
        const outcome = await this.firing.fire(entry.seq);
        if (outcome.kind === 'fired') this.options.onFired?.(Math.max(0, this.now() - outcome.dueAt));
      }
    } catch (error) {
      if (!this.lease.held) {
        this.index.push(entry.dueAt, entry.seq, entry.kind);
        return;
      }
      const attempts = failedBefore + 1;
      const delayMs = redeliveryDelay(attempts);
      this.retries.set(entry.seq, { entry, attempts, retryAt: this.now() + delayMs });
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `Timer #${entry.seq} could not fire (attempt ${attempts}), retrying in ${delayMs} ms: ${reason}`,
      );
    }
  }

  private async sleep(): Promise<void> {
    if (this.stopping) return;
    const now = this.now();
    let next = this.lease.held ? this.index.nextDueAt() : Number.POSITIVE_INFINITY;
    for (const retry of this.retries.values()) next = Math.min(next, retry.retryAt);
    const delay = Math.min(MAX_SLEEP_MS, Math.max(0, next - now));
    this.wakeAt = now + delay;
    await this.pause.sleep(delay);
    this.wakeAt = Number.POSITIVE_INFINITY;
  }
}

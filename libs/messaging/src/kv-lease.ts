import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import type { LoopLogger } from './consumer-loop';
import { encodeJson } from './json-payload';
import { MessagingError } from './messaging-error';
import { WakeableSleep } from './wakeable-sleep';

export interface KvLeaseOptions {
  /** The KV bucket holding leases (the layout's `baton_leases`). */
  readonly bucket: string;
  /** One lease per key: `scheduler`, a partition, a cron trigger. */
  readonly key: string;
  /** Who this process is while it holds the lease; default `<hostname>:<pid>:<random>`. */
  readonly owner?: string;
  /** A holder that has not renewed for this long loses the lease to a standby. Default 5 s. */
  readonly ttlMs?: number;
  /** Monotonic milliseconds (tests); default `performance.now`. */
  readonly clock?: () => number;
  readonly logger?: LoopLogger;
  /**
   * Whether this process wants the lease now (default: always). A process that does not still
   * watches it, so it can take it over at once when it comes to want it and the holder is gone;
   * a holder keeps renewing until it calls `release()`.
   */
  readonly wants?: () => boolean;
}

/** What the lease's KV entry holds: who owns it, and what the owner tells its standbys. */
export interface LeaseRecord<T> {
  readonly owner: string;
  readonly data?: T;
}

const DEFAULT_TTL_MS = 5000;

/**
 * An owner lease in a KV bucket: at most one process holds it at a time, and a standby takes it
 * over within about `ttlMs` after the holder stops renewing (a graceful `stop()` hands it over at
 * once). The holder renews by compare-and-set on the entry's revision every `ttlMs / 4`; a standby
 * reads the entry as often and takes it over, again by compare-and-set, once it has seen the same
 * revision for `ttlMs` on its own clock. No two clocks are compared: a holder counts its `ttlMs`
 * from the moment it sent its last successful renewal, a standby from the moment it first saw that
 * renewal, which is later, so the holder stops holding before any standby can take over.
 *
 * The holder may publish data with its renewals (the scheduler's "fired up to" mark); standbys
 * read it as `record.data`.
 */
export class KvLease<T = unknown> {
  readonly owner: string;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly logger: LoopLogger;
  private kv: KV | undefined;
  /** Revision of our own entry while we believe we hold the lease. */
  private revision: number | undefined;
  private validUntil = 0;
  private seen: { revision: number; at: number } | undefined;
  private last: LeaseRecord<T> | undefined;
  private data: T | undefined;
  private wasHeld = false;
  private readonly listeners: Array<(held: boolean) => void> = [];
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly pause = new WakeableSleep();
  private expiry: NodeJS.Timeout | undefined;
  /** Looks, renewals and releases run one after another: a release never races a renewal in flight. */
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: KvLeaseOptions,
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.clock = options.clock ?? (() => performance.now());
    this.logger = options.logger ?? new Logger(`KvLease ${options.key}`);
  }

  /** Whether this process holds the lease now (false once `ttlMs` passed without a renewal). */
  get held(): boolean {
    return this.revision !== undefined && this.clock() < this.validUntil;
  }

  /** The lease's entry as last read or written: the holder and what it published. */
  get record(): LeaseRecord<T> | undefined {
    return this.last;
  }

  /** Data stored with the next renewal, for the standbys. */
  publish(data: T): void {
    this.data = data;
  }

  /** Called with `true` when this process acquires the lease, `false` when it loses or releases it. */
  onChange(listener: (held: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Binds the bucket (MessagingError `not-provisioned` when it does not exist), tries at once, then keeps trying. */
  async start(): Promise<void> {
    const stream = `KV_${this.options.bucket}`;
    await (await jetstreamManager(this.nc)).streams.info(stream).catch((error: unknown) => {
      if (!hasApiCode(error, API_CODES.StreamNotFound)) throw error;
      throw new MessagingError(
        'not-provisioned',
        `Lease bucket ${this.options.bucket} does not exist: run \`baton provision\` first`,
      );
    });
    this.kv = await new Kvm(this.nc).open(this.options.bucket);
    await this.exclusive(() => this.tick()).catch((error: unknown) =>
      this.logger.warn(`Lease ${this.options.key}: ${describe(error)}`),
    );
    this.loop = this.run();
  }

  /**
   * Gives a held lease up at once (a standby that wants it takes it at its next look) and goes on
   * watching; it is taken again only once `wants` says so.
   */
  release(): Promise<void> {
    return this.exclusive(() => this.letGo());
  }

  /** Stops trying; a held lease is released so a standby takes it over at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
    clearTimeout(this.expiry);
    await this.exclusive(() => this.letGo());
  }

  /** Deletes our entry (by its revision: never another holder's) and says the lease is gone. */
  private async letGo(): Promise<void> {
    const revision = this.revision;
    this.revision = undefined;
    this.changed();
    if (revision === undefined || !this.kv) return;
    await this.kv.delete(this.options.key, { previousSeq: revision }).catch((error: unknown) => {
      this.logger.warn(`Could not release lease ${this.options.key}; it expires instead: ${describe(error)}`);
    });
  }

  /** Runs `step` once every earlier look, renewal or release has finished. */
  private exclusive(step: () => Promise<void>): Promise<void> {
    const next = this.turn.then(step);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      await this.pause.sleep(this.ttlMs / 4);
      if (this.stopping) break;
      await this.exclusive(() => this.tick()).catch((error: unknown) => {
        this.logger.warn(`Lease ${this.options.key}: ${describe(error)}`);
      });
    }
  }

  private async tick(): Promise<void> {
    const kv = this.kv;
    if (!kv) return;
    const key = this.options.key;
    const sentAt = this.clock();
    if (this.revision !== undefined) {
      try {
        this.acquired(await kv.update(key, this.encode(), this.revision), sentAt);
      } catch (error) {
        if (!hasApiCode(error, API_CODES.StreamWrongLastSequence)) throw error;
        this.lost();
      }
      return;
    }
    const entry = await kv.get(key);
    const now = this.clock();
    const wanted = this.options.wants?.() ?? true;
    if (entry === null || entry.operation !== 'PUT') {
      this.last = undefined;
      if (!wanted) return;
      await this.attempt(() => kv.create(key, this.encode()), sentAt);
      return;
    }
    this.last = decodeRecord<T>(entry);
    if (!wanted) {
      // Watched, not taken: keep counting the holder's silence for when we come to want it.
      if (this.seen?.revision !== entry.revision) this.seen = { revision: entry.revision, at: now };
      return;
    }
    const update = () => kv.update(key, this.encode(), entry.revision);
    // Our own entry (we lost it only to our own silence: nobody else wrote since) is ours to take again.
    if (this.last?.owner === this.owner) return this.attempt(update, sentAt);
    if (this.seen?.revision !== entry.revision) {
      this.seen = { revision: entry.revision, at: now };
      return;
    }
    if (now - this.seen.at >= this.ttlMs) await this.attempt(update, sentAt);
  }

  /** A create or update that loses a race to another standby is no error. */
  private async attempt(write: () => Promise<number>, sentAt: number): Promise<void> {
    try {
      this.acquired(await write(), sentAt);
    } catch (error) {
      if (!hasApiCode(error, API_CODES.StreamWrongLastSequence)) throw error;
    }
  }

  private acquired(revision: number, sentAt: number): void {
    this.revision = revision;
    this.validUntil = sentAt + this.ttlMs;
    this.last = { owner: this.owner, ...(this.data === undefined ? {} : { data: this.data }) };
    this.seen = undefined;
    this.armExpiry();
    this.changed();
  }

  /**
   * Says the lease is lost once `validUntil` passed, even when no renewal can reach NATS any more.
   * A timer may fire early (Node counts its delay from the loop's cached time), so one that finds
   * the lease still valid waits again rather than going quiet for good.
   */
  private armExpiry(): void {
    clearTimeout(this.expiry);
    if (this.revision === undefined) return;
    const expire = () => {
      this.changed();
      this.armExpiry();
    };
    this.expiry = setTimeout(expire, Math.max(0, this.validUntil - this.clock()) + 1).unref();
  }

  private lost(): void {
    this.revision = undefined;
    this.changed();
  }

  private changed(): void {
    const held = this.held;
    if (!held && this.revision !== undefined) this.revision = undefined;
    if (held === this.wasHeld) return;
    this.wasHeld = held;
    for (const listener of this.listeners) listener(held);
  }

  private encode(): Uint8Array {
    return encodeJson({ owner: this.owner, ...(this.data === undefined ? {} : { data: this.data }) });
  }
}

function decodeRecord<T>(entry: KvEntry): LeaseRecord<T> | undefined {
  try {
    const record = entry.json<LeaseRecord<T>>();
    return typeof record?.owner === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

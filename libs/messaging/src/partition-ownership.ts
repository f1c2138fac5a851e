import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import type { LoopLogger } from './consumer-loop';
import { encodeJson } from './json-payload';
import { KvLease } from './kv-lease';
import { WakeableSleep } from './wakeable-sleep';

export interface PartitionOwnershipOptions {
  /** The KV bucket of leases (the layout's `baton_leases`). */
  readonly bucket: string;
  /** How many partitions there are (`BATON_PARTITIONS`). */
  readonly partitions: number;
  /** A member that has not renewed for this long is gone, and so are its leases. Default 5 s. */
  readonly ttlMs?: number;
  /** Monotonic milliseconds (tests); default `performance.now`. */
  readonly clock?: () => number;
  readonly logger?: LoopLogger & { log?(message: string): void };
  /** This process took `partition`: start reading it. */
  readonly onAcquired: (partition: number) => Promise<void>;
  /**
   * This process gives `partition` up, or has lost it: stop reading it and settle what is in hand.
   * When it gives the partition up, the lease is released only once this resolved.
   */
  readonly onReleased: (partition: number) => Promise<void>;
}

const DEFAULT_TTL_MS = 5000;
/** Members and leases live in one bucket: `member.<id>` and `partition.<p>`. */
const MEMBER_PREFIX = 'member.';
const partitionKey = (partition: number) => `partition.${partition}`;

/**
 * Which partitions of the inbox this process reads, among the replicas of a service that are alive.
 *
 * Each replica renews a membership entry (`member.<id>`) every `ttlMs / 4`; a member whose entry
 * has not changed for `ttlMs` on this process's clock is gone. The live members, sorted by id, share
 * the partitions round robin (partition p → member p mod R), so with R replicas each owns about P/R.
 * A partition is read only under its lease (`partition.<p>`, a KvLease): a replica takes the lease
 * of each partition assigned to it as soon as it is free, or once its holder stopped renewing for
 * `ttlMs`; a holder whose partition is now assigned to another (a replica joined) stops reading it,
 * settles what it has in hand, and only then releases the lease, so the next owner takes it within
 * a quarter of a TTL. A replica that dies without a word loses its membership and its leases after
 * `ttlMs`, and the others take its partitions over.
 *
 * Two replicas may briefly disagree about who is alive; the lease still lets one read at a time.
 */
export class PartitionOwnership {
  readonly owner: string;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly logger: LoopLogger & { log?(message: string): void };
  private readonly memberKey: string;
  private readonly leases: KvLease[] = [];
  /** Partitions whose consumers this process runs now. */
  private readonly reading = new Set<number>();
  /** Per partition, the changes of its reading in order (acquire, release, …). */
  private readonly chains = new Map<number, Promise<void>>();
  private kv: KV | undefined;
  private jsm: JetStreamManager | undefined;
  private members = new Map<string, { revision: number; at: number }>();
  private assigned = new Set<number>();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly pause = new WakeableSleep();

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: PartitionOwnershipOptions,
  ) {
    const id = randomBytes(6).toString('hex');
    this.owner = `${process.pid}-${id}`;
    this.memberKey = `${MEMBER_PREFIX}${this.owner}`;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.clock = options.clock ?? (() => performance.now());
    this.logger = options.logger ?? new Logger('PartitionOwnership');
  }

  /** The partitions this process reads now, sorted. */
  get owned(): number[] {
    return [...this.reading].sort((a, b) => a - b);
  }

  /** Joins the members, then takes the partitions assigned to it as their leases come free. */
  async start(): Promise<void> {
    this.kv = await new Kvm(this.nc).open(this.options.bucket);
    this.jsm = await jetstreamManager(this.nc);
    await this.refreshMembers();
    for (let partition = 0; partition < this.options.partitions; partition++) {
      const lease = new KvLease(this.nc, {
        bucket: this.options.bucket,
        key: partitionKey(partition),
        owner: this.owner,
        ttlMs: this.ttlMs,
        clock: this.clock,
        logger: this.logger,
        wants: () => this.assigned.has(partition),
      });
      lease.onChange((held) => this.enqueue(partition, () => this.heldChanged(partition, held)));
      this.leases.push(lease);
    }
    await Promise.all(this.leases.map((lease) => lease.start()));
    this.loop = this.run();
  }

  /** Stops reading every partition, releases the leases and leaves the members, so the others take over at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
    this.assigned = new Set();
    await Promise.all(
      this.leases.map(async (lease, partition) => {
        await this.enqueue(partition, () => this.stopReading(partition));
        await lease.stop();
      }),
    );
    await this.kv?.delete(this.memberKey).catch((error: unknown) => {
      this.logger.warn(
        `Could not leave the members; the others see it after ${this.ttlMs} ms: ${describe(error)}`,
      );
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      await this.pause.sleep(this.ttlMs / 4);
      if (this.stopping) break;
      await this.refreshMembers().catch((error: unknown) => {
        this.logger.warn(`Partition members: ${describe(error)}`);
      });
    }
  }

  /** Renews this member, reads the others, and gives up partitions now assigned to another. */
  private async refreshMembers(): Promise<void> {
    const { kv, jsm } = this;
    if (!kv || !jsm) return;
    await kv.put(this.memberKey, encodeJson({ owner: this.owner }));
    const now = this.clock();
    // The members' subjects from the bucket's stream info, not `kv.keys()`: that would create and
    // delete a consumer at every look (and need consumer rights on the bucket).
    const subjectPrefix = `$KV.${this.options.bucket}.`;
    const info = await jsm.streams.info(`KV_${this.options.bucket}`, {
      subjects_filter: `${subjectPrefix}${MEMBER_PREFIX}>`,
    });
    const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(subjectPrefix.length));
    const members = new Map<string, { revision: number; at: number }>();
    for (const key of keys) {
      const entry = await kv.get(key);
      if (entry === null || entry.operation !== 'PUT') continue;
      const known = this.members.get(key);
      const seen = known?.revision === entry.revision ? known : { revision: entry.revision, at: now };
      const silentFor = now - seen.at;
      if (key !== this.memberKey && silentFor >= 2 * this.ttlMs) {
        // Long gone (killed): remove its entry so that no new replica counts it alive for a TTL.
        await kv.delete(key, { previousSeq: entry.revision }).catch((error: unknown) => {
          // Another member removed it first; any other failure is retried at the next look.
          if (hasApiCode(error, API_CODES.StreamWrongLastSequence)) return;
          this.logger.warn(`Could not remove the departed member ${key}: ${describe(error)}`);
        });
        continue;
      }
      members.set(key, seen);
    }
    this.members = members;
    const alive = [...members]
      .filter(([key, seen]) => key === this.memberKey || now - seen.at < this.ttlMs)
      .map(([key]) => key)
      .sort();
    if (!alive.includes(this.memberKey)) {
      alive.push(this.memberKey);
      alive.sort();
    }
    const mine = alive.indexOf(this.memberKey);
    const assigned = new Set<number>();
    for (let partition = 0; partition < this.options.partitions; partition++) {
      if (partition % alive.length === mine) assigned.add(partition);
    }
    this.assigned = assigned;
    for (const [partition, lease] of this.leases.entries()) {
      if (lease.held && !assigned.has(partition)) void this.handOver(partition, lease);
    }
  }

  /** A partition assigned to another member now: stop reading it, then let the lease go. */
  private handOver(partition: number, lease: KvLease): Promise<void> {
    return this.enqueue(partition, async () => {
      if (this.assigned.has(partition) || !lease.held) return;
      await this.stopReading(partition);
      await lease.release();
      this.logger.log?.(`Partition ${partition} handed over`);
    });
  }

  private async heldChanged(partition: number, held: boolean): Promise<void> {
    if (!held) return this.stopReading(partition);
    if (this.stopping || this.reading.has(partition)) return;
    this.reading.add(partition);
    try {
      await this.options.onAcquired(partition);
      this.logger.log?.(`Partition ${partition} taken`);
    } catch (error) {
      // Let it go: this process (or another) takes it again at the next look, and starts over.
      this.reading.delete(partition);
      await this.options.onReleased(partition).catch((cleanup: unknown) => {
        this.logger.warn(
          `Partition ${partition}: stopping after a failed start failed too: ${describe(cleanup)}`,
        );
      });
      await this.leases[partition].release();
      throw error;
    }
  }

  private async stopReading(partition: number): Promise<void> {
    if (!this.reading.delete(partition)) return;
    await this.options.onReleased(partition);
  }

  /** Runs the partition's changes one after another; a failed one is logged and the next runs. */
  private enqueue(partition: number, change: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(partition) ?? Promise.resolve()).then(change).catch((error: unknown) => {
      this.logger.error(
        `Partition ${partition}: ${describe(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
    });
    this.chains.set(partition, next);
    return next;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

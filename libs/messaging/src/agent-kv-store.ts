/**
 * The store of `kv` agents (and `storage type: kv`) over the `baton_kv` bucket. nats-server 2.9 has
 * no per-message TTL, so each entry holds `{ value, expiresAt? }` (epoch ms): a read past `expiresAt`
 * answers absent and removes the entry, and `sweep()` (run every minute by `startSweeper`) removes
 * the expired entries nobody reads. Removal is conditional on the revision that was found expired,
 * so a value written again in the meantime is never lost; any number of workers may sweep at once.
 *
 * Keys may be any text: they are stored as `dedupeKvKey(key)` (base64url, hashed when long), the
 * encoding every bucket of user-chosen keys uses.
 */
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { dedupeKvKey } from './dedupe-key';
import { type LayoutOptions, natsLayout } from './nats-layout';

export interface AgentKvStoreOptions extends LayoutOptions {
  /** The clock expiries are measured against (default: the real one). */
  readonly now?: () => number;
  /** Largest value, as JSON, in bytes (default 512 KiB; NATS's default payload limit is 1 MiB). */
  readonly maxValueBytes?: number;
  /** What the sweeper does with an error (the next sweep tries again). */
  readonly onSweepError?: (error: unknown) => void;
}

export const DEFAULT_KV_MAX_VALUE_BYTES = 512 * 1024;
export const KV_SWEEP_INTERVAL_MS = 60_000;

interface StoredEntry {
  readonly value: unknown;
  readonly expiresAt?: number;
}

export class AgentKvStore {
  readonly maxValueBytes: number;
  private readonly kv: Promise<KV>;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    nc: NatsConnection,
    private readonly options: AgentKvStoreOptions = {},
  ) {
    this.kv = new Kvm(nc).open(natsLayout(options).buckets.kv);
    // a rejection here surfaces on first use; do not let it go unhandled before that
    this.kv.catch(() => undefined);
    this.now = options.now ?? Date.now;
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_KV_MAX_VALUE_BYTES;
  }

  async get(key: string): Promise<unknown> {
    const kv = await this.kv;
    const entry = await kv.get(dedupeKvKey(key));
    if (entry === null || entry.operation !== 'PUT') return undefined;
    const stored = storedEntry(entry);
    if (stored === undefined) return undefined;
    if (stored.expiresAt !== undefined && stored.expiresAt <= this.now()) {
      await this.removeExpired(kv, entry);
      return undefined;
    }
    return stored.value;
  }

  async put(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const stored: StoredEntry =
      ttlSeconds === undefined ? { value } : { value, expiresAt: this.now() + Math.round(ttlSeconds * 1000) };
    await (await this.kv).put(dedupeKvKey(key), JSON.stringify(stored));
  }

  async delete(key: string): Promise<void> {
    await (await this.kv).purge(dedupeKvKey(key));
  }

  /** Removes every expired entry; resolves with how many it removed. */
  async sweep(): Promise<number> {
    const kv = await this.kv;
    const now = this.now();
    let removed = 0;
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    for (const key of keys) {
      const entry = await kv.get(key);
      if (entry === null || entry.operation !== 'PUT') continue;
      const expiresAt = storedEntry(entry)?.expiresAt;
      if (expiresAt !== undefined && expiresAt <= now && (await this.removeExpired(kv, entry))) removed += 1;
    }
    return removed;
  }

  startSweeper(intervalMs = KV_SWEEP_INTERVAL_MS): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.options.onSweepError?.(error));
    }, intervalMs);
    this.sweeper.unref();
  }

  stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Purges the entry if it is still the revision found expired; false when it changed since. */
  private async removeExpired(kv: KV, entry: KvEntry): Promise<boolean> {
    try {
      await kv.purge(entry.key, { previousSeq: entry.revision });
      return true;
    } catch (error) {
      if (hasApiCode(error, API_CODES.StreamWrongLastSequence)) return false;
      throw error;
    }
  }
}

function storedEntry(entry: KvEntry): StoredEntry | undefined {
  try {
    const parsed = entry.json<StoredEntry>();
    return typeof parsed === 'object' && parsed !== null && 'value' in parsed ? parsed : undefined;
  } catch (error) {
    // an entry some other tool wrote that is not ours: it reads as absent
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

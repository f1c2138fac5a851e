import type { DefinitionStore } from '@baton/engine';
import { type LatestDefinition, type SendTarget, type StartDefinitions, TriggerIndex } from '@baton/intake';
import type { EnsembleDefinition, WebhookTrigger } from '@baton/model';
import { Kvm } from '@nats-io/kv';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/nats-core';
import type { LoopLogger } from './consumer-loop';
import { KvDefinitionStore } from './definition-store';
import { decodeJson } from './json-payload';
import { RecentlyUsed } from './recently-used';
import { type LayoutOptions, natsLayout } from './nats-layout';

export interface DefinitionCacheOptions extends LayoutOptions {
  /** Definitions (one ensemble revision each) kept in memory. Default 256. */
  readonly maxDefinitions?: number;
  readonly logger?: LoopLogger;
}

export interface RegisteredWebhook {
  readonly ensemble: string;
  readonly revision: number;
  readonly trigger: WebhookTrigger;
}

const DEFAULT_MAX_DEFINITIONS = 256;
const WATCH_RESTART_MS = 1000;

interface Known {
  readonly revision: number;
  readonly deleted: boolean;
}

/**
 * A change of an ensemble's latest revision: its definition, or undefined when it was removed
 * (a delete marker in the KV). Revisions only grow; a listener may see one it already has.
 */
export type DefinitionChangeListener = (
  name: string,
  revision: number,
  definition: EnsembleDefinition | undefined,
) => void;

/**
 * The one definition cache of a process, shared by everything in it: ensemble revisions (immutable,
 * so never stale) in a bounded least-recently-used map, and the latest revision and triggers of
 * every ensemble (small) kept current by a watch of the `baton_ensembles` KV. Queue and event sends
 * find their listeners in the trigger index and webhooks their ensemble, without listing the bucket.
 *
 * The watch starts on first use; reads wait until it has delivered every ensemble stored before.
 * An ensemble the watch has not delivered yet (registered a moment ago elsewhere) is read from the
 * KV. Writes go to the KV and are remembered here at once, so a registration is visible to its own
 * process without waiting for the watch.
 */
export class DefinitionCache implements DefinitionStore, StartDefinitions {
  private readonly store: KvDefinitionStore;
  private readonly bucket: string;
  private readonly definitions: RecentlyUsed<string, EnsembleDefinition>;
  private readonly loading = new Map<string, Promise<EnsembleDefinition | undefined>>();
  private readonly known = new Map<string, Known>();
  private readonly index = new TriggerIndex();
  private readonly followers: DefinitionChangeListener[] = [];
  private watching: Promise<void> | undefined;
  private iterator: QueuedIterator<KvWatchEntry> | undefined;
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: DefinitionCacheOptions = {},
  ) {
    this.store = new KvDefinitionStore(nc, options);
    this.bucket = natsLayout(options).buckets.ensembles;
    this.definitions = new RecentlyUsed(options.maxDefinitions ?? DEFAULT_MAX_DEFINITIONS);
  }

  async latest(name: string): Promise<LatestDefinition | undefined> {
    await this.ready();
    const known = this.known.get(name);
    if (known === undefined) {
      const stored = await this.store.latest(name);
      if (stored) this.remember(stored.definition, stored.revision);
      return stored;
    }
    if (known.deleted) return undefined;
    const definition = await this.get(name, known.revision);
    return definition && { definition, revision: known.revision };
  }

  /** A revision of an ensemble (runs keep the one they started with); undefined when not kept. */
  async get(name: string, revision: number): Promise<EnsembleDefinition | undefined> {
    const key = `${name}@${revision}`;
    const cached = this.definitions.get(key);
    if (cached) return cached;
    let loading = this.loading.get(key);
    if (loading === undefined) {
      loading = this.store.get(name, revision).finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    const definition = await loading;
    if (definition) this.definitions.set(key, definition);
    return definition;
  }

  async listeners(target: SendTarget): Promise<LatestDefinition[]> {
    await this.ready();
    const found = await Promise.all(this.index.listeners(target).map((name) => this.latest(name)));
    return found.filter((entry): entry is LatestDefinition => entry !== undefined);
  }

  async webhook(path: string): Promise<RegisteredWebhook | undefined> {
    await this.ready();
    const found = this.index.webhook(path);
    const known = found && this.known.get(found.ensemble);
    return found && known ? { ...found, revision: known.revision } : undefined;
  }

  /** Stores a new revision (unless identical to the latest) and knows it at once. */
  async put(definition: EnsembleDefinition): Promise<number> {
    const revision = await this.store.put(definition);
    this.remember(definition, revision);
    return revision;
  }

  /**
   * Removes an ensemble (a delete marker in the KV, see KvDefinitionStore.remove) and forgets it at
   * once: its webhook paths, queues and event patterns stop matching here without waiting for the
   * watch, and everywhere else when the watch delivers the marker. Its revisions stay readable.
   */
  async remove(name: string): Promise<{ revision: number } | undefined> {
    const removed = await this.store.remove(name);
    if (removed !== undefined) this.forget(name, removed.marker);
    return removed && { revision: removed.revision };
  }

  /** The latest revision of every ensemble, from the KV (for listings, not for the hot path). */
  list(): Promise<Array<{ name: string; revision: number; definition: EnsembleDefinition }>> {
    return this.store.list();
  }

  revisions(name: string): Promise<number[]> {
    return this.store.revisions(name);
  }

  /**
   * Calls `listener` with the latest revision of every ensemble now, then with each change as the
   * watch (or a `put` of this process) brings it, until `close()`. The scheduler follows cron
   * triggers this way: a registration, change or removal is picked up live.
   */
  async follow(listener: DefinitionChangeListener): Promise<void> {
    await this.ready();
    this.followers.push(listener);
    // Every definition read at once (a start-up with many ensembles waits for one round trip, not
    // one per ensemble), then told in the order known.
    const current = await Promise.all(
      [...this.known].map(async ([name, known]) => ({
        name,
        revision: known.revision,
        deleted: known.deleted,
        definition: known.deleted ? undefined : await this.get(name, known.revision),
      })),
    );
    for (const { name, revision, deleted, definition } of current) {
      if (deleted) listener(name, revision, undefined);
      else if (definition) listener(name, revision, definition);
    }
  }

  /** How many definitions are held in memory (never more than `maxDefinitions`). */
  get cachedDefinitions(): number {
    return this.definitions.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.iterator?.stop();
    await this.watching?.catch(() => undefined);
  }

  private ready(): Promise<void> {
    this.watching ??= this.watch();
    return this.watching;
  }

  /** Resolves once the watch delivered what was stored before it started; keeps it going after. */
  private watch(): Promise<void> {
    return new Promise((resolve, reject) => {
      let first = true;
      const run = async (): Promise<void> => {
        while (!this.closed && !this.nc.isClosed()) {
          try {
            const kv = await new Kvm(this.nc).open(this.bucket);
            const iterator = await kv.watch();
            this.iterator = iterator;
            if (await isEmpty(kv)) resolve();
            for await (const entry of iterator) {
              this.apply(entry);
              if (entry.delta === 0) resolve();
            }
          } catch (error) {
            if (first) {
              // Nothing was ready yet: the next read tries again.
              this.watching = undefined;
              return reject(error);
            }
            this.options.logger?.warn(`Watching ${this.bucket} failed, watching again: ${describe(error)}`);
          } finally {
            first = false;
          }
          if (!this.closed) await new Promise((wake) => setTimeout(wake, WATCH_RESTART_MS));
        }
        resolve();
      };
      void run();
    });
  }

  private apply(entry: KvWatchEntry): void {
    if (entry.operation !== 'PUT') {
      this.forget(entry.key, entry.revision);
      return;
    }
    const decoded = decodeJson<EnsembleDefinition>(entry.value);
    if (!decoded.ok) {
      this.options.logger?.error(
        `Ensemble ${entry.key} revision ${entry.revision} is not JSON: ${decoded.reason}`,
      );
      return;
    }
    this.remember(decoded.value, entry.revision);
  }

  /** Takes a revision if it is newer than what is known of its ensemble (the watch may lag a put). */
  private remember(definition: EnsembleDefinition, revision: number): void {
    this.definitions.set(`${definition.name}@${revision}`, definition);
    const known = this.known.get(definition.name);
    if (known !== undefined && known.revision >= revision) return;
    this.known.set(definition.name, { revision, deleted: false });
    this.index.put(definition);
    for (const follower of this.followers) follower(definition.name, revision, definition);
  }

  private forget(name: string, revision: number): void {
    const known = this.known.get(name);
    if (known !== undefined && known.revision >= revision) return;
    this.known.set(name, { revision, deleted: true });
    this.index.remove(name);
    for (const follower of this.followers) follower(name, revision, undefined);
  }
}

async function isEmpty(kv: KV): Promise<boolean> {
  return (await kv.status()).values === 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { WaitRegistry } from '@baton/engine';
import { dedupeKvKey } from './dedupe-key';
import { decodeStoredJson, encodeJson } from './json-payload';
import { natsLayout, type LayoutOptions } from './nats-layout';

interface WaitRecord {
  readonly runId: string;
  readonly key: string;
}

/**
 * Open waits by key, in the `baton_waits` bucket: the orchestrator opens and closes entries as it
 * appends WaitStarted / WaitResolved / WaitTimedOut, and ingress looks a key up to route
 * `POST /api/waits/<key>` to its run. Keys are user text, stored encoded like dedupe keys.
 */
export class WaitDirectory implements WaitRegistry {
  private readonly kv: Promise<KV>;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.kv = new Kvm(nc).open(natsLayout(options).buckets.waits);
  }

  async open(key: string, runId: string): Promise<void> {
    await (await this.kv).put(dedupeKvKey(key), encodeJson({ runId, key } satisfies WaitRecord));
  }

  async close(key: string): Promise<void> {
    await (await this.kv).delete(dedupeKvKey(key));
  }

  /**
   * The open wait under `key`: its run, and the entry's revision, which names this opening of the
   * wait (a key opened again later, by this run or another, gets a new revision).
   */
  async find(key: string): Promise<{ runId: string; revision: number } | undefined> {
    const entry = await (await this.kv).get(dedupeKvKey(key));
    if (entry === null || entry.operation !== 'PUT') return undefined;
    const { runId } = decodeStoredJson<WaitRecord>(entry.value, `Wait entry for ${key}`);
    return { runId, revision: entry.revision };
  }
}

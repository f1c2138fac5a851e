import type { EnsembleDefinition } from '@baton/model';
import type { DefinitionStore } from '@baton/engine';
import { Kvm } from '@nats-io/kv';
import type { KV, KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { decodeStoredJson } from './json-payload';
import { type LayoutOptions, natsLayout } from './nats-layout';

// Replicas registering the same ensemble at once each retry after losing the race; a handful suffices.
const PUT_ATTEMPTS = 5;

/**
 * Ensemble definitions in the `baton_ensembles` bucket: key = ensemble name, value = the definition
 * as JSON, revision = the KV revision of that entry (increasing, not contiguous: it is the bucket
 * stream's sequence). The bucket keeps 64 revisions per ensemble; a run whose revision has been
 * pushed out of the history gets `undefined` from `get`.
 */
export class KvDefinitionStore implements DefinitionStore {
  private readonly kv: Promise<KV>;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.kv = new Kvm(nc).open(natsLayout(options).buckets.ensembles);
  }

  async latest(name: string): Promise<{ definition: EnsembleDefinition; revision: number } | undefined> {
    if (!isKvKey(name)) return undefined;
    const entry = await (await this.kv).get(name);
    return isValue(entry) ? { definition: decodeDefinition(entry), revision: entry.revision } : undefined;
  }

  async get(name: string, revision: number): Promise<EnsembleDefinition | undefined> {
    if (!isKvKey(name)) return undefined;
    const entry = await (await this.kv).get(name, { revision });
    return isValue(entry) ? decodeDefinition(entry) : undefined;
  }

  /**
   * Stores the definition as a new revision unless its JSON equals the latest one's. The write is
   * conditional on the revision just read, so two replicas registering at once cannot both add one.
   */
  async put(definition: EnsembleDefinition): Promise<number> {
    const kv = await this.kv;
    const json = JSON.stringify(definition);
    for (let attempt = 1; ; attempt++) {
      const current = await kv.get(definition.name);
      if (isValue(current) && current.string() === json) return current.revision;
      try {
        return current === null
          ? await kv.create(definition.name, json)
          : await kv.update(definition.name, json, current.revision);
      } catch (error) {
        if (!hasApiCode(error, API_CODES.StreamWrongLastSequence) || attempt >= PUT_ATTEMPTS) throw error;
      }
    }
  }

  /** The revisions of an ensemble still kept (the KV keeps the latest 64), oldest first. */
  async revisions(name: string): Promise<number[]> {
    const revisions: number[] = [];
    if (!isKvKey(name)) return revisions;
    for await (const entry of await (await this.kv).history({ key: name })) {
      if (isValue(entry)) revisions.push(entry.revision);
    }
    return revisions.sort((a, b) => a - b);
  }

  async list(): Promise<Array<{ name: string; revision: number; definition: EnsembleDefinition }>> {
    const kv = await this.kv;
    const names: string[] = [];
    for await (const name of await kv.keys()) names.push(name);
    const found = await Promise.all(
      names.sort().map(async (name) => ({ name, stored: await this.latest(name) })),
    );
    return found.flatMap(({ name, stored }) => (stored === undefined ? [] : [{ name, ...stored }]));
  }
}

/**
 * Names come from URLs and payloads before anything validated them; one that could not be a key of
 * the bucket (the KV client throws on it) names no ensemble, so every reader answers "unknown".
 */
function isKvKey(name: string): boolean {
  return /^[-/=.\w]+$/.test(name) && name.split('.').every((token) => token !== '');
}

/** A deleted or purged ensemble leaves a marker entry, which is no definition. */
function isValue(entry: KvEntry | null): entry is KvEntry {
  return entry !== null && entry.operation === 'PUT';
}

function decodeDefinition(entry: KvEntry): EnsembleDefinition {
  return decodeStoredJson<EnsembleDefinition>(
    entry.value,
    `Ensemble ${entry.key} revision ${entry.revision}`,
  );
}

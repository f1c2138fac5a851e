import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  decideAdmission,
  initialSlotState,
  type AdmissionCommand,
  type AdmissionDecision,
  type ConcurrencySlots,
  type SlotState,
} from '@baton/engine';
import { API_CODES, hasApiCode } from './api-error-codes';
import { dedupeKvKey } from './dedupe-key';
import { decodeStoredJson, encodeJson } from './json-payload';
import { natsLayout, type LayoutOptions } from './nats-layout';

const MAX_ATTEMPTS = 20;

/**
 * Concurrency slots in the `baton_concurrency` bucket, one entry per (ensemble, key value). Each
 * decision is a compare-and-set on the entry's revision, retried when another orchestrator wrote
 * first, so the slot is never over-admitted.
 */
export class KvConcurrencySlots implements ConcurrencySlots {
  private readonly kv: Promise<KV>;

  constructor(nc: NatsConnection, options: LayoutOptions = {}) {
    this.kv = new Kvm(nc).open(natsLayout(options).buckets.concurrency);
  }

  async decide(slot: string, command: AdmissionCommand): Promise<AdmissionDecision> {
    const kv = await this.kv;
    const key = dedupeKvKey(slot);
    for (let attempt = 1; ; attempt++) {
      const entry = await kv.get(key);
      const exists = entry !== null && entry.operation === 'PUT';
      const state = exists
        ? decodeStoredJson<SlotState>(entry.value, `Concurrency slot ${slot}`)
        : initialSlotState();
      const decision = decideAdmission(state, command);
      try {
        if (exists) await kv.update(key, encodeJson(decision.state), entry.revision);
        else await kv.create(key, encodeJson(decision.state));
        return decision;
      } catch (error) {
        if (!hasApiCode(error, API_CODES.StreamWrongLastSequence) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

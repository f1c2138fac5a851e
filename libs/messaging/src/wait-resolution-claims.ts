import { payloadCodec } from '@baton/payload-codec';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { decodeStoredJson } from './json-payload';
import { type LayoutOptions, natsLayout } from './nats-layout';

/** Who resolved an opening of a wait, with what, and when: the first claim's record. */
export interface WaitResolutionRecord {
  readonly runId: string;
  readonly key: string;
  /** The value the wait was resolved with (the agent's output), e.g. `{ action: 'approve' }`. */
  readonly value: unknown;
  /** ISO 8601. */
  readonly claimedAt: string;
}

export type WaitResolutionClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly first: WaitResolutionRecord };

// An entry can expire between a refused create and the read that follows; then the claim is retried.
const CLAIM_ATTEMPTS = 3;

/**
 * Resolving a wait once: before ingress sends a ResolveWait (`POST /api/waits/<key>` or an approval
 * link), it claims the opening of the wait it found (the revision of its `baton_waits` entry) with
 * an atomic KV create in `baton_dedupe` (key `wait_<revision>`, kept 7 days like every claim there).
 * Of any number of concurrent resolutions, across replicas, exactly one wins; the others learn what
 * the first was, and answer 409 at once instead of a second 202 the engine would drop.
 */
export class WaitResolutionClaims {
  private readonly bucket: string;
  private readonly publisher: JetStreamPublisher;
  private kv: Promise<KV> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    options: LayoutOptions = {},
  ) {
    this.bucket = natsLayout(options).buckets.dedupe;
    this.publisher = jetStreamPublisher(nc);
  }

  async claim(waitRevision: number, record: WaitResolutionRecord): Promise<WaitResolutionClaim> {
    const kvKey = claimKey(waitRevision);
    // The value is what a person submitted, a run's data: sealed like the event log's payloads.
    const stored = { ...record, value: payloadCodec().seal(record.value) };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.publisher.publishJson(`$KV.${this.bucket}.${kvKey}`, stored, {
          expectLastSubjectSequence: 0,
        });
        return { claimed: true };
      } catch (error) {
        if (!hasApiCode(error, API_CODES.StreamWrongLastSequence) || attempt >= CLAIM_ATTEMPTS) throw error;
      }
      const first = await this.find(waitRevision);
      if (first !== undefined) return { claimed: false, first };
    }
  }

  async find(waitRevision: number): Promise<WaitResolutionRecord | undefined> {
    this.kv ??= new Kvm(this.nc).open(this.bucket);
    const kvKey = claimKey(waitRevision);
    const entry = await (await this.kv).get(kvKey);
    if (entry === null || entry.operation !== 'PUT') return undefined;
    const stored = decodeStoredJson<WaitResolutionRecord>(entry.value, `Wait resolution ${kvKey}`);
    return { ...stored, value: payloadCodec().openValue(stored.value) };
  }
}

/** Dedupe keys of webhooks are `k_…`/`h_…` (dedupeKvKey): `wait_<revision>` never meets one. */
function claimKey(waitRevision: number): string {
  return `wait_${waitRevision}`;
}

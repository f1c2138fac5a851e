import type { DedupeClaims } from '@baton/intake';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { dedupeKvKey } from './dedupe-key';
import { type JetStreamPublisher, jetStreamPublisher } from './jetstream-publisher';
import { decodeStoredJson } from './json-payload';
import { type LayoutOptions, natsLayout } from './nats-layout';

export interface DedupeClaim {
  /** The run the key belongs to: the caller's when it won the claim, the first claimer's otherwise. */
  readonly runId: string;
  readonly duplicate: boolean;
}

interface ClaimRecord {
  readonly runId: string;
  readonly key: string;
}

// An entry can expire between a refused create and the read that follows; then the claim is simply retried.
const CLAIM_ATTEMPTS = 3;

/**
 * Webhook delivery dedupe over the `baton_dedupe` bucket (entries expire after 7 days). A claim is
 * an atomic create: of any number of concurrent claims of one key, across replicas, exactly one wins
 * and all the others learn the winner's run id.
 */
export class DedupeStore implements DedupeClaims {
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

  /** The run a key was claimed for, or undefined when nobody claimed it (or its claim expired). */
  async find(key: string): Promise<string | undefined> {
    this.kv ??= new Kvm(this.nc).open(this.bucket);
    const kvKey = dedupeKvKey(key);
    const existing = await (await this.kv).get(kvKey);
    if (existing === null || existing.operation !== 'PUT') return undefined;
    return decodeStoredJson<ClaimRecord>(existing.value, `Dedupe entry ${kvKey}`).runId;
  }

  async claim(key: string, runId: string): Promise<DedupeClaim> {
    const kvKey = dedupeKvKey(key);
    for (let attempt = 1; ; attempt++) {
      try {
        // KV create, written as the publish it is (`$KV.<bucket>.<key>`, no message on the key
        // yet): it then shares the webhook's publish batch. Keys never hold deletes, which
        // nats.js's create would also have to look behind.
        await this.publisher.publishJson(
          `$KV.${this.bucket}.${kvKey}`,
          { runId, key } satisfies ClaimRecord,
          {
            expectLastSubjectSequence: 0,
          },
        );
        return { runId, duplicate: false };
      } catch (error) {
        if (!hasApiCode(error, API_CODES.StreamWrongLastSequence) || attempt >= CLAIM_ATTEMPTS) throw error;
      }
      this.kv ??= new Kvm(this.nc).open(this.bucket);
      const existing = await (await this.kv).get(kvKey);
      if (existing !== null && existing.operation === 'PUT') {
        const record = decodeStoredJson<ClaimRecord>(existing.value, `Dedupe entry ${kvKey}`);
        return { runId: record.runId, duplicate: true };
      }
    }
  }
}

import { randomBytes } from 'node:crypto';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { API_CODES, hasApiCode } from './api-error-codes';
import { type LayoutOptions, natsLayout } from './nats-layout';

const decoder = new TextDecoder();

/**
 * Keys the installation generates for itself when the operator sets none, in the `baton_keys`
 * bucket (e.g. `approval-links`): every replica of every service reads the same key. The first
 * `getOrCreate` of a name creates it atomically (a KV create); a replica that loses the race reads
 * the winner's. A key is 32 random bytes, base64url; it is never logged and never leaves NATS.
 */
export class KvSigningKeys {
  private readonly bucket: string;
  private kv: Promise<KV> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    options: LayoutOptions = {},
  ) {
    this.bucket = natsLayout(options).buckets.keys;
  }

  async get(name: string): Promise<string | undefined> {
    const entry = await (await this.open()).get(name);
    return entry === null || entry.operation !== 'PUT' ? undefined : decoder.decode(entry.value);
  }

  async getOrCreate(name: string): Promise<string> {
    const existing = await this.get(name);
    if (existing !== undefined) return existing;
    const generated = randomBytes(32).toString('base64url');
    try {
      await (await this.open()).create(name, generated);
      return generated;
    } catch (error) {
      // Another replica created it first: use theirs.
      if (!isAlreadyThere(error)) throw error;
      const winner = await this.get(name);
      if (winner === undefined) throw error;
      return winner;
    }
  }

  private open(): Promise<KV> {
    this.kv ??= new Kvm(this.nc).open(this.bucket);
    return this.kv;
  }
}

function isAlreadyThere(error: unknown): boolean {
  return (
    hasApiCode(error, API_CODES.StreamWrongLastSequence) ||
    (error instanceof Error && /wrong last sequence|key exists/i.test(error.message))
  );
}

/** Name of the approval links' generated key in `baton_keys`. */
export const APPROVAL_KEY_NAME = 'approval-links';

/**
 * The keys of approval links, the first signing: BATON_APPROVAL_KEY's (comma-separated, for a
 * rotation), else the installation's generated key — created by a signer (`create`), only read by a
 * verifier, which answers no key until some worker has signed a link.
 */
export async function approvalKeys(
  configured: string | undefined,
  store: KvSigningKeys,
  create: boolean,
): Promise<string[]> {
  const written = (configured ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (written.length > 0) return written;
  const generated = create ? await store.getOrCreate(APPROVAL_KEY_NAME) : await store.get(APPROVAL_KEY_NAME);
  return generated === undefined ? [] : [generated];
}

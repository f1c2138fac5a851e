/**
 * Test support: the JetStream stores of `kv` and `blob` on the shared NATS server, under a layout
 * prefix of their own that is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { AgentKvStore, ArtifactStore, connectNats, provision, removeLayout } from '@baton/messaging';
import type { NatsConnection } from '@nats-io/nats-core';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface NatsStores {
  readonly kv: AgentKvStore;
  readonly blobs: ArtifactStore;
  /** Moves the kv store's clock (TTLs) forward. */
  advance(ms: number): void;
  teardown(): Promise<void>;
}

export async function natsStores(
  label: string,
  options: { blobMaxBytes?: number } = {},
): Promise<NatsStores> {
  const nc: NatsConnection = await connectNats({ url: NATS_URL, name: `connectors-spec-${label}` });
  const prefix = `T${label.toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}_`;
  await provision(nc, { prefix });
  let offset = 0;
  return {
    kv: new AgentKvStore(nc, { prefix, now: () => Date.now() + offset }),
    blobs: new ArtifactStore(nc, {
      prefix,
      ...(options.blobMaxBytes === undefined ? {} : { maxBytes: options.blobMaxBytes }),
    }),
    advance(ms) {
      offset += ms;
    },
    async teardown() {
      await removeLayout(nc, { prefix });
      await nc.close();
    },
  };
}

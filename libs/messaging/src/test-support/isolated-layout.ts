import type { NatsConnection } from '@nats-io/nats-core';
import { randomBytes } from 'node:crypto';
import { connectNats } from '../connect-nats';
import type { NatsLayout } from '../nats-layout';
import { type ProvisionOptions, provision, removeLayout } from '../provision';

/**
 * Specs share one NATS server, so each provisions its own layout under a unique prefix and removes
 * it afterwards. Used only by this library's specs.
 */
export const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface IsolatedLayout {
  readonly nc: NatsConnection;
  readonly prefix: string;
  readonly layout: NatsLayout;
  teardown(): Promise<void>;
}

export function uniquePrefix(label: string): string {
  return `T${label.toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}_`;
}

export async function isolatedLayout(
  label: string,
  options: Omit<ProvisionOptions, 'prefix'> = {},
): Promise<IsolatedLayout> {
  const nc = await connectNats({ url: NATS_URL, name: `messaging-spec-${label}` });
  const prefix = uniquePrefix(label);
  const layout = await provision(nc, { ...options, prefix });
  return {
    nc,
    prefix,
    layout,
    async teardown() {
      await removeLayout(nc, { prefix });
      await nc.close();
    },
  };
}

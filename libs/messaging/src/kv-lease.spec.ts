import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from './connect-nats';
import { KvLease } from './kv-lease';
import { eventually } from './test-support/eventually';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

const TTL_MS = 600;
const quiet = { warn: () => undefined, error: () => undefined };

describe('KvLease', () => {
  let env: IsolatedLayout;
  const leases: KvLease<{ mark: number }>[] = [];
  const connections: NatsConnection[] = [];

  /** A replica: its own connection, as a separate process would have. */
  const replica = async (
    key: string,
    owner: string,
    ttlMs = TTL_MS,
    wants?: () => boolean,
  ): Promise<KvLease<{ mark: number }>> => {
    const nc = await connectNats({ url: NATS_URL, name: `lease-${owner}` });
    connections.push(nc);
    const lease = new KvLease<{ mark: number }>(nc, {
      bucket: env.layout.buckets.leases,
      key,
      owner,
      ttlMs,
      logger: quiet,
      ...(wants === undefined ? {} : { wants }),
    });
    leases.push(lease);
    await lease.start();
    return lease;
  };
  const holders = (group: readonly KvLease<unknown>[]) =>
    group.filter((lease) => lease.held).map((l) => l.owner);

  beforeAll(async () => {
    env = await isolatedLayout('lease');
  });

  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.stop()));
    await Promise.all(connections.map((nc) => nc.close()));
    await env.teardown();
  });

  it('is held by exactly one of several replicas, and stays with it while it renews', async () => {
    const group = await Promise.all(['a', 'b', 'c'].map((owner) => replica('one-of-three', owner)));
    const [first] = await eventually(async () => (holders(group).length === 1 ? holders(group) : undefined));
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
      expect(holders(group)).toEqual([first]);
    }
  });

  it('is taken over by a standby within a few TTLs when its holder dies without a word', async () => {
    const group = await Promise.all(['d', 'e'].map((owner) => replica('takeover', owner)));
    const holder = await eventually(async () => group.find((lease) => lease.held));
    const standby = group.find((lease) => lease !== holder) as KvLease<{ mark: number }>;
    const changes: boolean[] = [];
    standby.onChange((held) => changes.push(held));
    // The holder's process freezes or loses the network: no renewal, no release.
    await connections[leases.indexOf(holder)].close();
    const diedAt = Date.now();
    await eventually(async () => (standby.held ? true : undefined), 10_000, 10);
    // Never before the holder's last renewal (at most a quarter TTL before it died) has expired.
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(0.75 * TTL_MS - 20);
    expect(changes).toEqual([true]);
    await eventually(async () => (holder.held ? undefined : true), 2 * TTL_MS);
  });

  it('is handed over at once when its holder stops, without waiting for its TTL', async () => {
    const longTtl = 8000;
    const group = await Promise.all(['f', 'g'].map((owner) => replica('handover', owner, longTtl)));
    const holder = await eventually(async () => group.find((lease) => lease.held));
    const standby = group.find((lease) => lease !== holder) as KvLease<{ mark: number }>;
    await holder.stop();
    expect(holder.held).toBe(false);
    // The standby checks every quarter TTL (2 s here): it takes over on its next check, well before a TTL.
    await eventually(async () => (standby.held ? true : undefined), longTtl - 2000, 50);
  });

  it("carries the holder's published data to the standbys", async () => {
    const group = await Promise.all(['h', 'i'].map((owner) => replica('data', owner)));
    const holder = await eventually(async () => group.find((lease) => lease.held));
    const standby = group.find((lease) => lease !== holder) as KvLease<{ mark: number }>;
    holder.publish({ mark: 42 });
    await eventually(async () => (standby.record?.data?.mark === 42 ? true : undefined), 5000);
    expect(standby.record?.owner).toBe(holder.owner);
  });

  it('is not taken by a replica that does not want it, which takes it at once once it does and the holder released it', async () => {
    let wanted = false;
    const reluctant = await replica('wanted', 'j', TTL_MS, () => wanted);
    await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
    expect(reluctant.held).toBe(false);
    wanted = true;
    await eventually(async () => (reluctant.held ? true : undefined), 2 * TTL_MS, 10);
    const other = await replica('wanted', 'k', TTL_MS);
    wanted = false;
    // A holder that no longer wants the lease keeps it until it releases it…
    await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
    expect(holders([reluctant, other])).toEqual(['j']);
    await reluctant.release();
    expect(reluctant.held).toBe(false);
    // …and a standby takes it at its next look, well before a TTL.
    const releasedAt = Date.now();
    await eventually(async () => (other.held ? true : undefined), 2 * TTL_MS, 10);
    expect(Date.now() - releasedAt).toBeLessThan(TTL_MS);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS));
    expect(reluctant.held).toBe(false);
  });

  it('refuses to start when the bucket was never provisioned', async () => {
    const lease = new KvLease(env.nc, { bucket: `${env.prefix}nope`, key: 'x', logger: quiet });
    await expect(lease.start()).rejects.toMatchObject({ code: 'not-provisioned' });
  });
});

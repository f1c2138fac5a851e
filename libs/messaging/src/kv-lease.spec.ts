import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from './connect-nats';
import { KvLease } from './kv-lease';
import { eventually } from './test-support/eventually';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

// Long enough that a holder on a busy machine (the unit suite's workers share two cores) keeps renewing.
const TTL_MS = 2000;
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
  }, 30_000);

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
  }, 30_000);

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
    // A long TTL, so that "at once" (a quarter TTL) and "on expiry" (a TTL) stay apart on a busy machine.
    const ttl = 3000;
    let wanted = false;
    const reluctant = await replica('wanted', 'j', ttl, () => wanted);
    await new Promise((resolve) => setTimeout(resolve, ttl / 2));
    expect(reluctant.held).toBe(false);
    wanted = true;
    await eventually(async () => (reluctant.held ? true : undefined), 2 * ttl, 10);
    const other = await replica('wanted', 'k', ttl);
    wanted = false;
    // A holder that no longer wants the lease keeps it until it releases it…
    await new Promise((resolve) => setTimeout(resolve, ttl / 2));
    expect(holders([reluctant, other])).toEqual(['j']);
    await reluctant.release();
    expect(reluctant.held).toBe(false);
    // …and a standby takes it at its next look, well before a TTL.
    const releasedAt = Date.now();
    await eventually(async () => (other.held ? true : undefined), 2 * ttl, 10);
    expect(Date.now() - releasedAt).toBeLessThan(ttl);
    await new Promise((resolve) => setTimeout(resolve, ttl / 2));
    expect(reluctant.held).toBe(false);
  }, 30_000);

  it('is let go for good when released while a renewal is in flight', async () => {
    // A short TTL renews every 10 ms, so many of the releases below land during a renewal.
    let wanted = true;
    const lease = await replica('busy', 'l', 40, () => wanted);
    const kv = await new Kvm(env.nc).open(env.layout.buckets.leases);
    for (let round = 0; round < 60; round++) {
      wanted = true;
      await eventually(async () => (lease.held ? true : undefined), 2000, 1);
      await new Promise((resolve) => setTimeout(resolve, round % 12));
      wanted = false;
      await lease.release();
      expect(lease.held).toBe(false);
      // Nothing renews it afterwards: a renewal that was in flight did not take it back.
      const after = await kv.get('busy');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lease.held).toBe(false);
      expect((await kv.get('busy'))?.revision).toBe(after?.revision);
    }
  }, 30_000);

  it('tells its holder it lost the lease once the TTL passed, even when a timer fired early and NATS is out of reach', async () => {
    // A clock that stands still makes the expiry timer fire while the lease is still valid.
    let now = 1_000_000;
    const nc = await connectNats({ url: NATS_URL, name: 'lease-cut-off' });
    const lease = new KvLease<{ mark: number }>(nc, {
      bucket: env.layout.buckets.leases,
      key: 'cut-off',
      owner: 'm',
      ttlMs: 100,
      clock: () => now,
      logger: quiet,
    });
    leases.push(lease);
    const changes: boolean[] = [];
    lease.onChange((held) => changes.push(held));
    await lease.start();
    expect(lease.held).toBe(true);
    await nc.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toEqual([true]);
    now += 10_000;
    await eventually(async () => (changes.length === 2 ? true : undefined), 2000, 10);
    expect(changes).toEqual([true, false]);
  });

  it('refuses to start when the bucket was never provisioned', async () => {
    const lease = new KvLease(env.nc, { bucket: `${env.prefix}nope`, key: 'x', logger: quiet });
    await expect(lease.start()).rejects.toMatchObject({ code: 'not-provisioned' });
  });
});

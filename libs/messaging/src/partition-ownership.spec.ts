import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from './connect-nats';
import { PartitionOwnership } from './partition-ownership';
import { eventually } from './test-support/eventually';
import { type IsolatedLayout, NATS_URL, isolatedLayout } from './test-support/isolated-layout';

// Long enough that a replica on a busy machine (the unit suite's workers share two cores) keeps
// renewing its own leases; the waits for liveness are generous, the safety checks exact.
const TTL_MS = 2000;
const LIVENESS_MS = 30_000;
const PARTITIONS = 8;
const quiet = { warn: () => undefined, error: () => undefined };

describe('PartitionOwnership', () => {
  let env: IsolatedLayout;
  const running: PartitionOwnership[] = [];
  const connections: NatsConnection[] = [];
  /** partition → the replica reading it now; a second reader fails the test at once. */
  let readers: Map<number, string>;
  let overlaps: string[];

  /** A replica: its own connection, as a separate process would have, reading what it owns. */
  const replica = async (name: string, bucket = env.layout.buckets.leases): Promise<PartitionOwnership> => {
    const nc = await connectNats({ url: NATS_URL, name: `partitions-${name}` });
    connections.push(nc);
    const ownership = new PartitionOwnership(nc, {
      bucket,
      partitions: PARTITIONS,
      ttlMs: TTL_MS,
      logger: quiet,
      onAcquired: async (partition) => {
        const reader = readers.get(partition);
        if (reader !== undefined) overlaps.push(`${partition}: ${name} while ${reader}`);
        readers.set(partition, name);
      },
      onReleased: async (partition) => {
        // Settling what is in hand takes a moment: nobody else may start reading meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (readers.get(partition) === name) readers.delete(partition);
      },
    });
    running.push(ownership);
    await ownership.start();
    return ownership;
  };
  const all = Array.from({ length: PARTITIONS }, (_, p) => p);
  /** Two replicas, once they share the partitions evenly. */
  const twoSharing = async (): Promise<[PartitionOwnership, PartitionOwnership]> => {
    const [a, b] = [await replica('a'), await replica('b')];
    await eventually(
      async () => (a.owned.length === PARTITIONS / 2 && b.owned.length === PARTITIONS / 2 ? true : undefined),
      LIVENESS_MS,
    );
    return [a, b];
  };

  beforeEach(async () => {
    env = await isolatedLayout('partitions');
    readers = new Map();
    overlaps = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((ownership) => ownership.stop()));
    await Promise.all(connections.splice(0).map((nc) => nc.close()));
    await env.teardown();
  });

  it(
    'gives a lone replica every partition, and shares them evenly with one that joins',
    async () => {
      const first = await replica('a');
      await eventually(async () => (first.owned.length === PARTITIONS ? true : undefined), 5000);
      const second = await replica('b');
      await eventually(
        async () =>
          first.owned.length === PARTITIONS / 2 && second.owned.length === PARTITIONS / 2 ? true : undefined,
        LIVENESS_MS,
      );
      expect([...first.owned, ...second.owned].sort((a, b) => a - b)).toEqual(all);
      expect(overlaps).toEqual([]);
      // And it stays so while both renew.
      await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS));
      expect(first.owned.length + second.owned.length).toBe(PARTITIONS);
      expect(overlaps).toEqual([]);
    },
    3 * LIVENESS_MS,
  );

  it(
    "takes over a replica's partitions within a few TTLs when it dies without a word",
    async () => {
      const [a, b] = await twoSharing();
      const lost = b.owned;
      // b freezes or loses the network: no renewal, no release, no word to a.
      await connections[1].close();
      const diedAt = Date.now();
      await eventually(async () => (a.owned.length === PARTITIONS ? true : undefined), LIVENESS_MS, 10);
      // Not before b's leases expired: b might still have been reading them.
      expect(Date.now() - diedAt).toBeGreaterThanOrEqual(0.75 * TTL_MS - 20);
      expect(lost.every((partition) => a.owned.includes(partition))).toBe(true);
      // b, cut off, stopped reading them itself once it could not renew.
      await eventually(async () => (b.owned.length === 0 ? true : undefined), LIVENESS_MS);
    },
    3 * LIVENESS_MS,
  );

  it(
    'hands every partition over at once when a replica stops, without waiting for a TTL',
    async () => {
      const [a, b] = await twoSharing();
      const stoppedAt = Date.now();
      await b.stop();
      running.splice(running.indexOf(b), 1);
      expect(b.owned).toEqual([]);
      await eventually(async () => (a.owned.length === PARTITIONS ? true : undefined), LIVENESS_MS, 10);
      // The next look of a's membership (a quarter TTL) and of each lease (another quarter).
      expect(Date.now() - stoppedAt).toBeLessThan(TTL_MS);
      expect(overlaps).toEqual([]);
    },
    3 * LIVENESS_MS,
  );

  it('refuses to start when the bucket was never provisioned', async () => {
    await expect(replica('x', `${env.prefix}nope`)).rejects.toThrow();
  });
});

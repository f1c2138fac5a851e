/**
 * The BullMQ peer as a BullMQ user would deploy it beside the machine's Redis: a producer process
 * (chain-producer.ts, Baton ingress's place) and worker processes (chain-worker.ts), each its own
 * Node process, all under a key prefix of this bench run, deleted when the peer stops.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadEnsembleFile } from '@baton/definition';
import { Redis } from 'ioredis';
import { BENCH_ENSEMBLES_DIR } from '../bench-ensembles';
import { startChildProgram, type ChildProgram } from '../child-process';
import { combinedProbe, type CostProbe } from '../drive-costs';
import { parseRedisInfo, processProbe, redisProbe } from '../probes';
import { rssBytes } from '../process-stats';
import { WEBHOOK_SECRET } from '../signed-webhook';
import { STEPS, type StepBodies } from './chain';
import type { ChainStats } from './chain-stats';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why the peer cannot run (no Redis answering PING at REDIS_URL), or undefined when it can. */
export async function redisAbsence(url = REDIS_URL): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The first connection error says why (ECONNREFUSED…); connect() then rejects with "Connection is closed."
  let cause: string | undefined;
  redis.on('error', (error: Error) => (cause ??= error.message));
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? undefined : `Redis at ${url} did not answer PING`;
  } catch (error) {
    return `no Redis at ${url} (${cause ?? (error instanceof Error ? error.message : String(error))})`;
  } finally {
    redis.disconnect();
  }
}

/** The three code bodies of bench-code.yaml, as Baton's workers run them. */
export function codeChainBodies(): StepBodies {
  const loaded = loadEnsembleFile(join(BENCH_ENSEMBLES_DIR, 'bench-code.yaml'));
  if (!loaded.ok) throw new Error(`bench-code.yaml does not load: ${JSON.stringify(loaded.issues)}`);
  const agents = loaded.definition.agents;
  if (agents.map((agent) => agent.name).join() !== STEPS.join()) {
    throw new Error(`bench-code.yaml's agents are not ${STEPS.join(', ')}: the BullMQ chain mirrors them`);
  }
  return Object.fromEntries(agents.map((agent) => [agent.name, String(agent.config.code)])) as StepBodies;
}

export interface BullmqPeer {
  /** The producer: the same run and webhook routes as Baton's ingress. */
  readonly url: string;
  /** Label → pid of each process of the peer (the machine's Redis is counted by `probe`). */
  processes(): Record<string, number>;
  /** CPU of the peer's processes and of Redis, and the commands Redis processed. */
  readonly probe: CostProbe;
  stats(until: number): Promise<ChainStats>;
  /** Resident memory (bytes) of each process, and of Redis as it reports it. */
  rss(): Promise<Record<string, number>>;
  /** Stops the processes and deletes every key of this run. */
  stop(): Promise<void>;
}

export async function startBullmqPeer(options: { readonly workers?: number } = {}): Promise<BullmqPeer> {
  const prefix = `baton-bench-${randomBytes(4).toString('hex')}`;
  const env = {
    BENCH_REDIS_URL: REDIS_URL,
    BENCH_BULLMQ_PREFIX: prefix,
    BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    BENCH_CHAIN_CODE: JSON.stringify(codeChainBodies()),
  };
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const children: Record<string, ChildProgram> = {};
  const stop = async () => {
    await Promise.all(Object.values(children).map((child) => child.stop()));
    await deleteKeys(redis, prefix);
    await redis.quit();
  };
  try {
    for (let i = 0; i < (options.workers ?? 1); i++) {
      children[i === 0 ? 'bullmq-worker' : `bullmq-worker-${i}`] = await startChildProgram(
        'the BullMQ chain worker',
        join(__dirname, 'chain-worker.js'),
        env,
        /^ready$/,
      );
    }
    children['bullmq-producer'] = await startChildProgram(
      'the BullMQ chain producer',
      join(__dirname, 'chain-producer.js'),
      env,
      /^listening (\d+)$/,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://127.0.0.1:${children['bullmq-producer'].ready[1]}`;
  const processes = () =>
    Object.fromEntries(Object.entries(children).map(([label, child]) => [label, child.pid]));
  return {
    url,
    processes,
    probe: combinedProbe(processProbe(processes), redisProbe(redis)),
    async stats(until) {
      const response = await fetch(`${url}/stats?until=${until}`);
      if (response.status !== 200) throw new Error(`BullMQ peer stats: ${response.status}`);
      return (await response.json()) as ChainStats;
    },
    async rss() {
      const own = Object.fromEntries(
        Object.entries(processes()).map(([label, pid]) => [label, rssBytes(pid)]),
      );
      const redisRss = Number(parseRedisInfo(await redis.info('memory')).used_memory_rss ?? 0);
      return { ...own, 'redis-server': redisRss };
    },
    stop,
  };
}

/** Every key under the run's prefix (queues, jobs, event streams). */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

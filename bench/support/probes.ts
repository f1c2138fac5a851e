/**
 * The probes the benches snapshot around each measured drive (drive-costs.ts): CPU of processes
 * from /proc, JetStream's stream and consumer counters, and Redis's own CPU and command counters.
 */
import { jetstreamManager, RetentionPolicy, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { CostProbe } from './drive-costs';
import { allProcStats, cpuSeconds } from './process-stats';

/** Process label → pid, read at each snapshot, so replicas started later are counted from then on. */
export type ProcessList = () => Readonly<Record<string, number | undefined>>;

export function processProbe(processes: ProcessList): CostProbe {
  return {
    async snapshot() {
      const stats = allProcStats();
      const cpu: Record<string, number> = {};
      for (const [label, pid] of Object.entries(processes())) {
        if (pid !== undefined && stats.some((stat) => stat.pid === pid)) cpu[label] = cpuSeconds(pid, stats);
      }
      return { cpuSeconds: cpu, writes: {}, deliveries: {} };
    },
  };
}

interface DurableState {
  readonly stream: string;
  /** Whether its stream is a work queue (runs wait on it) rather than history read by projections. */
  readonly workQueue: boolean;
  readonly name: string;
  readonly delivered: number;
  readonly pending: number;
  readonly ackPending: number;
}

async function durableConsumers(jsm: JetStreamManager): Promise<{
  streams: Record<string, number>;
  consumers: DurableState[];
}> {
  const streams: Record<string, number> = {};
  const consumers: DurableState[] = [];
  for await (const stream of jsm.streams.list()) {
    streams[stream.config.name] = stream.state.last_seq;
    for await (const consumer of jsm.consumers.list(stream.config.name)) {
      // Ordered and other ephemeral consumers come and go; the durable ones are the services'.
      if (!consumer.config.durable_name) continue;
      consumers.push({
        stream: stream.config.name,
        workQueue: stream.config.retention === RetentionPolicy.Workqueue,
        name: consumer.name,
        delivered: consumer.delivered.consumer_seq,
        pending: consumer.num_pending,
        ackPending: consumer.num_ack_pending,
      });
    }
  }
  return { streams, consumers };
}

/**
 * Writes: each stream's last sequence (every message ever stored, also those a work queue removed).
 * Deliveries: each durable consumer's delivered count (a redelivery counts again).
 */
export function jetStreamProbe(nc: NatsConnection): CostProbe {
  const jsm = jetstreamManager(nc);
  return {
    async snapshot() {
      const { streams, consumers } = await durableConsumers(await jsm);
      return {
        cpuSeconds: {},
        writes: streams,
        deliveries: Object.fromEntries(consumers.map((c) => [c.name, c.delivered])),
      };
    },
  };
}

/**
 * Resolves once every consumer of a work queue (the inbox, the tasks) has nothing pending nor
 * unacknowledged: no run has work left, so the next drive does not pay for the last one's. Readers
 * of the run history (the projector) are not waited for: lagging never blocks a run, and a
 * projector that cannot keep up would never let a bench start; `readerLag` reports them.
 * Returns what was still pending when `timeoutMs` ran out, or undefined.
 */
export async function settle(nc: NatsConnection, timeoutMs = 60_000): Promise<string | undefined> {
  const jsm = await jetstreamManager(nc);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = (await durableConsumers(jsm)).consumers.filter(
      (c) => c.workQueue && c.pending + c.ackPending > 0,
    );
    if (busy.length === 0) return undefined;
    if (Date.now() > deadline) {
      return busy.map((c) => `${c.name}: ${c.pending} pending, ${c.ackPending} unacknowledged`).join('; ');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Messages each reader of the run history (projector, notifier) has yet to process. */
export async function readerLag(nc: NatsConnection): Promise<Record<string, number>> {
  const { consumers } = await durableConsumers(await jetstreamManager(nc));
  return Object.fromEntries(
    consumers.filter((c) => !c.workQueue).map((c) => [c.name, c.pending + c.ackPending]),
  );
}

/** `INFO` fields of a Redis answer (`name:value` lines). */
export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** A Redis connection as far as the probe needs it (ioredis's `info`). */
export interface RedisInfoSource {
  info(): Promise<string>;
}

/**
 * Redis's CPU (its own `used_cpu_*`, main thread and background threads) and the commands it
 * processed. The machine's Redis is shared: other clients' commands count too, so the bench keeps
 * its Redis drives short and says so.
 */
export function redisProbe(redis: RedisInfoSource): CostProbe {
  return {
    async snapshot() {
      const info = parseRedisInfo(await redis.info());
      const number = (field: string) => Number(info[field] ?? 0);
      return {
        cpuSeconds: { 'redis-server': number('used_cpu_user') + number('used_cpu_sys') },
        writes: { 'redis commands': number('total_commands_processed') },
        deliveries: {},
      };
    },
  };
}

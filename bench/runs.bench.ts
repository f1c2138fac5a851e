/**
 * Runs through the whole stack (ingress, orchestrator, worker, scheduler, projector over NATS and
 * PostgreSQL) against BullMQ's 3-step chain on the machine's Redis, in one stack start:
 *
 * - throughput: Baton's 3- and 10-agent `code` and `transform` ensembles and the BullMQ chain, in
 *   alternating rounds at 64 runs in flight; each Baton rate against BullMQ's, and 10 against 3;
 * - latency: one 3-agent code run at a time (unloaded), p50/p99, against BullMQ's measured alike;
 * - replicas: 2 orchestrators + 2 workers against 1 + 1 (replicas.ts);
 * - idle memory of every stack process against the BullMQ processes plus Redis.
 *
 * Every drive is measured between two cost snapshots (CPU per process, JetStream writes and
 * deliveries, Redis commands), printed per run. Without Redis the BullMQ rows say so and the rest runs.
 */
import { connect } from '@nats-io/transport-node';
import type { BenchResult } from './support/bench-result';
import { withBenchStack } from './support/bench-stack';
import { redisAbsence, startBullmqPeer, type BullmqPeer } from './support/bullmq/bullmq-peer';
import { readerLag, settle } from './support/probes';
import { measureReplicas } from './support/replicas';
import { runsRows } from './support/runs-rows';
import { rssMiB, stackProbe, stackProcesses } from './support/stack-resources';
import { Measurements, writesPerRun, type Workload } from './support/workloads';

const ROUNDS = 2;
const CONCURRENCY = 64;
/** Runs per round, each about 3–6 s on the shared 2-core box. */
const RUNS = { transform3: 500, code3: 300, transform10: 200, code10: 120, bullmq: 1000 } as const;
const WARM_UP = 60;
const UNLOADED_RUNS = 100;
const TASKS_STREAM = 'BATON_TASKS';
/** How long a backlog (the projector's, mostly) may take to drain before the next drive starts anyway. */
const SETTLE_MS = 20_000;

export async function run(): Promise<BenchResult[]> {
  const noRedis = await redisAbsence();
  return withBenchStack({}, async (stack) => {
    const nc = await connect({ servers: stack.nats.url, name: 'bench-inspector' });
    let peer: BullmqPeer | undefined;
    try {
      await settle(nc, SETTLE_MS);
      const idleBaton = rssMiB(stackProcesses(stack));
      peer = noRedis ? undefined : await startBullmqPeer();
      const idlePeer = peer ? await peer.rss() : undefined;
      const measurements = new Measurements(() => settle(nc, SETTLE_MS));
      const probe = stackProbe(stack, nc);
      const baton = (label: string, ensemble: string, tasksPerRun: number): Workload => ({
        label,
        baseUrl: stack.baseUrl,
        ensemble,
        probe,
        check: writesPerRun(TASKS_STREAM, tasksPerRun),
      });
      const w = {
        transform3: baton('Baton 3 transform agents', 'bench-transform', 0),
        code3: baton('Baton 3 code agents', 'bench-code', 3),
        transform10: baton('Baton 10 transform agents', 'bench-transform-10', 0),
        code10: baton('Baton 10 code agents', 'bench-code-10', 10),
        bullmq: peer
          ? ({
              label: 'BullMQ 3-step chain',
              baseUrl: peer.url,
              ensemble: 'chain',
              probe: peer.probe,
            } as Workload)
          : undefined,
      };
      const all = (['bullmq', 'transform3', 'code3', 'transform10', 'code10'] as const).filter((k) => w[k]);
      for (const key of all) {
        await measurements.measure(w[key] as Workload, {
          runs: WARM_UP,
          concurrency: CONCURRENCY,
          warmUp: true,
        });
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const key of all) {
          await measurements.measure(w[key] as Workload, { runs: RUNS[key], concurrency: CONCURRENCY });
        }
      }
      // Unloaded: one run at a time, Baton and BullMQ alternating.
      const latency = new Measurements(() => settle(nc, SETTLE_MS));
      const unloaded = [w.code3, w.bullmq]
        .filter((workload) => workload !== undefined)
        .map((workload) => ({ ...workload, label: `${workload.label}, one at a time` }));
      for (let round = 0; round < ROUNDS; round++) {
        for (const workload of unloaded) {
          await latency.measure(workload, { runs: UNLOADED_RUNS / ROUNDS, concurrency: 1 });
        }
      }
      const replicas = await measureReplicas(stack, w.code3, () => settle(nc, SETTLE_MS));
      const lag = await readerLag(nc);
      const idleAfter = rssMiB(stackProcesses(stack));
      return runsRows({
        measurements,
        latency,
        labels: {
          transform3: w.transform3.label,
          code3: w.code3.label,
          transform10: w.transform10.label,
          code10: w.code10.label,
          bullmq: w.bullmq?.label,
          code3Unloaded: unloaded[0].label,
          bullmqUnloaded: unloaded[1]?.label,
        },
        concurrency: CONCURRENCY,
        noRedis,
        idle: { baton: idleBaton, peer: idlePeer, batonAfterLoad: idleAfter },
        replicas,
        readerLag: lag,
      });
    } finally {
      await peer?.stop();
      await nc.close();
    }
  });
}

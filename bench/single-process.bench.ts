/**
 * `baton start --single-process` against the five-process stack, each started in turn on its own
 * private NATS and database: idle memory of the whole command (the CLI, ingress and the services
 * process, with their descendants), and 3-agent `code` runs at 64 in flight and one at a time, for
 * the record and for `start`'s default (docs/decisions.md).
 */
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { freePort, ROOT } from '../test/support/processes';
import { servicesReady, type Stack } from '../test/support/stack';
import type { BenchResult } from './support/bench-result';
import { withBenchStack } from './support/bench-stack';
import { settle } from './support/probes';
import { NATS_SERVER, rssMiB, stackProbe, stackProcesses } from './support/stack-resources';
import { Measurements, writesPerRun } from './support/workloads';

const CLI = join(ROOT, 'dist/apps/cli/src/main.js');
const ROUNDS = 2;
const CONCURRENCY = 64;
const RUNS = 300;
const WARM_UP = 60;
const UNLOADED_RUNS = 50;
const SETTLE_MS = 20_000;
const IDLE_TARGET_MIB = 250;
const CODE3 = 'bench-code';

interface Shape {
  readonly idle: { readonly perProcess: Record<string, number>; readonly total: number };
  readonly loaded: ReturnType<Measurements['result']>;
  readonly loadedCost: ReturnType<Measurements['cost']>;
  readonly unloaded: ReturnType<Measurements['result']>;
}

async function measureShape(label: string, stack: Stack): Promise<Shape> {
  const nc = await connect({ servers: stack.nats.url, name: 'bench-inspector' });
  try {
    await settle(nc, SETTLE_MS);
    const { [NATS_SERVER]: _nats, ...own } = stackProcesses(stack);
    const idle = rssMiB(own);
    const measurements = new Measurements(() => settle(nc, SETTLE_MS));
    const workload = {
      label,
      baseUrl: stack.baseUrl,
      ensemble: CODE3,
      probe: stackProbe(stack, nc),
      check: writesPerRun('BATON_TASKS', 3),
    };
    await measurements.measure(workload, { runs: WARM_UP, concurrency: CONCURRENCY, warmUp: true });
    for (let round = 0; round < ROUNDS; round++) {
      await measurements.measure(workload, { runs: RUNS, concurrency: CONCURRENCY });
    }
    const one = { ...workload, label: `${label}, one at a time` };
    await measurements.measure(one, { runs: UNLOADED_RUNS, concurrency: 1 });
    return {
      idle,
      loaded: measurements.result(label),
      loadedCost: measurements.cost(label),
      unloaded: measurements.result(one.label),
    };
  } finally {
    await nc.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const multi = await withBenchStack({}, (stack) =>
    measureShape('Baton five processes, 3 code agents', stack),
  );
  // The services process's /readyz and /metrics (default 8086, maybe taken on a shared machine).
  const servicesPort = await freePort();
  const single = await withBenchStack(
    {
      command: { label: 'baton', args: [CLI, 'start', '--single-process', '--no-local-services'] },
      env: { SERVICES_HEALTH_PORT: String(servicesPort) },
    },
    async (stack) => {
      await servicesReady(servicesPort);
      return measureShape('Baton --single-process, 3 code agents', stack);
    },
  );
  const cpu = (shape: Shape) => Number(shape.loadedCost.cpuMsTotal.toFixed(2));
  return [
    {
      name: 'memory: idle RSS, baton start --single-process',
      opsPerSec: single.idle.total,
      baselineOpsPerSec: multi.idle.total,
      ratio: single.idle.total / multi.idle.total,
      target: IDLE_TARGET_MIB,
      targetOf: 'value',
      better: 'lower',
      unit: 'MiB',
      note: 'the command with its descendants (baton, ingress, the services process, code sandboxes); baseline: the five services and ingress as processes; nats-server and PostgreSQL not counted',
      extra: { singleProcess: single.idle.perProcess, multiProcess: multi.idle.perProcess },
    },
    {
      name: 'runs: 3 code agents, --single-process vs five processes',
      opsPerSec: single.loaded.runsPerSec,
      baselineOpsPerSec: multi.loaded.runsPerSec,
      ratio: single.loaded.runsPerSec / multi.loaded.runsPerSec,
      unit: 'runs/s',
      note: `${CONCURRENCY} in flight, ${ROUNDS} rounds of ${RUNS}; for the record (and start's default)`,
      extra: {
        cpuMsPerRun: { singleProcess: cpu(single), multiProcess: cpu(multi) },
        perRun: { single: single.loadedCost, multi: multi.loadedCost },
      },
    },
    {
      name: 'latency: one 3-agent code run unloaded p50, --single-process vs five processes',
      opsPerSec: single.unloaded.p50Ms,
      baselineOpsPerSec: multi.unloaded.p50Ms,
      ratio: single.unloaded.p50Ms / multi.unloaded.p50Ms,
      better: 'lower',
      unit: 'ms',
      extra: {
        p99Ms: { singleProcess: single.unloaded.p99Ms, multiProcess: multi.unloaded.p99Ms },
      },
    },
  ];
}

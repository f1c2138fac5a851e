/** The rows of runs.bench.ts, from its measurements (README "runs.bench.ts" describes each). */
import type { BenchResult } from './bench-result';
import type { CostPerRun } from './drive-costs';
import type { RunDriveResult } from './drive-runs';
import { MIB } from './process-stats';
import { ONE_EACH, TWO_EACH, type ReplicaMeasurement } from './replicas';

/** What the rows read of a `Measurements` (workloads.ts). */
export interface MeasuredWorkloads {
  result(label: string): RunDriveResult;
  cost(label: string): CostPerRun;
  readonly unsettled: readonly string[];
}

export interface RunsRowsInput {
  readonly measurements: MeasuredWorkloads;
  readonly latency: MeasuredWorkloads;
  readonly labels: {
    readonly transform3: string;
    readonly code3: string;
    readonly transform10: string;
    readonly code10: string;
    readonly bullmq: string | undefined;
    readonly code3Unloaded: string;
    readonly bullmqUnloaded: string | undefined;
  };
  readonly concurrency: number;
  /** Why BullMQ was not measured (no Redis), or undefined. */
  readonly noRedis: string | undefined;
  readonly idle: {
    readonly baton: { readonly perProcess: Record<string, number>; readonly total: number };
    /** Bytes per BullMQ process and Redis. */
    readonly peer: Record<string, number> | undefined;
    readonly batonAfterLoad: { readonly perProcess: Record<string, number>; readonly total: number };
  };
  readonly replicas: ReplicaMeasurement;
  /** Messages the history readers (projector, notifier) had yet to process after the last drive. */
  readonly readerLag: Record<string, number>;
}

const TARGETS = {
  codeVsBullmq: 1,
  transformVsBullmq: 2,
  /** 10 agents cost at most 2.5× 3 agents: their rate is at least 1 / 2.5 of it. */
  tenVsThree: 1 / 2.5,
  p50Ms: 5,
  p99Ms: 20,
  replicas: 0.9,
} as const;

function summary(result: RunDriveResult, concurrency: number): Record<string, unknown> {
  return {
    runs: result.runs,
    concurrency,
    seconds: Number(result.seconds.toFixed(2)),
    p50Ms: Number(result.p50Ms.toFixed(1)),
    p99Ms: Number(result.p99Ms.toFixed(1)),
  };
}

const ratioOf = (value: number, baseline: number | undefined) =>
  baseline === undefined ? undefined : value / baseline;

export function runsRows(input: RunsRowsInput): BenchResult[] {
  const { measurements: m, labels, concurrency } = input;
  const result = (label: string) => m.result(label);
  const cost = (label: string) => m.cost(label);
  const bullmq = labels.bullmq ? result(labels.bullmq) : undefined;
  const noPeer = input.noRedis ? `BullMQ baseline not measured: ${input.noRedis}` : undefined;
  const perRun = (entries: [string | undefined, CostPerRun | undefined][]) =>
    Object.fromEntries(entries.filter((entry): entry is [string, CostPerRun] => !!entry[0] && !!entry[1]));

  const versusBullmq = (name: string, label: string, target: number): BenchResult => {
    const baton = result(label);
    return {
      name,
      opsPerSec: baton.runsPerSec,
      ...(bullmq
        ? { baselineOpsPerSec: bullmq.runsPerSec, ratio: baton.runsPerSec / bullmq.runsPerSec }
        : {}),
      target,
      targetOf: 'ratio',
      unit: 'runs/s',
      ...(noPeer ? { note: noPeer } : {}),
      extra: {
        baton: summary(baton, concurrency),
        ...(bullmq ? { bullmq: summary(bullmq, concurrency) } : {}),
        // On a loaded machine both wait for the CPU, so the rates' ratio flatters the costlier one;
        // CPU per run (all processes, NATS or Redis included) is the ratio an idle machine approaches.
        ...(labels.bullmq
          ? {
              cpuMsPerRun: cost(label).cpuMsTotal,
              bullmqCpuMsPerRun: cost(labels.bullmq).cpuMsTotal,
              cpuRatio: Number((cost(labels.bullmq).cpuMsTotal / cost(label).cpuMsTotal).toFixed(3)),
            }
          : {}),
        perRun: perRun([
          [label, cost(label)],
          [labels.bullmq, labels.bullmq ? cost(labels.bullmq) : undefined],
        ]),
      },
    };
  };

  const tenVersusThree = (name: string, ten: string, three: string): BenchResult => {
    const rate10 = result(ten).runsPerSec;
    const rate3 = result(three).runsPerSec;
    const cpu10 = cost(ten).cpuMsTotal;
    const cpu3 = cost(three).cpuMsTotal;
    return {
      name,
      opsPerSec: rate10,
      baselineOpsPerSec: rate3,
      ratio: rate10 / rate3,
      target: TARGETS.tenVsThree,
      targetOf: 'ratio',
      unit: 'runs/s',
      note: 'ratio = 1 / (cost of a 10-agent run relative to a 3-agent run); target: cost ≤ 2.5×',
      extra: {
        costRatio: Number((rate3 / rate10).toFixed(2)),
        cpuCostRatio: Number((cpu10 / cpu3).toFixed(2)),
        ten: summary(result(ten), concurrency),
        three: summary(result(three), concurrency),
        perRun: perRun([[ten, cost(ten)]]),
      },
    };
  };

  const batonUnloaded = input.latency.result(labels.code3Unloaded);
  const bullmqUnloaded = labels.bullmqUnloaded ? input.latency.result(labels.bullmqUnloaded) : undefined;
  const unloadedRow = (which: 'p50Ms' | 'p99Ms', target: number): BenchResult => ({
    name: `latency: one 3-agent code run unloaded, ${which === 'p50Ms' ? 'p50' : 'p99'}`,
    opsPerSec: batonUnloaded[which],
    ...(bullmqUnloaded
      ? {
          baselineOpsPerSec: bullmqUnloaded[which],
          ratio: ratioOf(batonUnloaded[which], bullmqUnloaded[which]),
        }
      : {}),
    target,
    targetOf: 'value',
    better: 'lower',
    unit: 'ms',
    note: `start request to completion, one run at a time; ${noPeer ?? 'baseline: the BullMQ chain measured alike'}`,
    extra: {
      baton: summary(batonUnloaded, 1),
      ...(bullmqUnloaded ? { bullmq: summary(bullmqUnloaded, 1) } : {}),
      perRun: perRun([
        [labels.code3Unloaded, input.latency.cost(labels.code3Unloaded)],
        [
          labels.bullmqUnloaded,
          labels.bullmqUnloaded ? input.latency.cost(labels.bullmqUnloaded) : undefined,
        ],
      ]),
    },
  });

  const { replicas, idle } = input;
  const peerMiB = idle.peer
    ? Object.fromEntries(Object.entries(idle.peer).map(([k, bytes]) => [k, Number((bytes / MIB).toFixed(1))]))
    : undefined;
  const peerTotal = peerMiB ? Object.values(peerMiB).reduce((sum, mib) => sum + mib, 0) : undefined;

  const first = versusBullmq(
    'runs: 3 code agents vs BullMQ 3-step chain',
    labels.code3,
    TARGETS.codeVsBullmq,
  );
  const unsettled = [...m.unsettled, ...input.latency.unsettled];
  return [
    {
      ...first,
      extra: {
        ...first.extra,
        readerLagAfterLastDrive: input.readerLag,
        ...(unsettled.length > 0 ? { unsettled } : {}),
      },
    },
    versusBullmq(
      'runs: 3 transform agents vs BullMQ 3-step chain',
      labels.transform3,
      TARGETS.transformVsBullmq,
    ),
    tenVersusThree('runs: 10 vs 3 code agents', labels.code10, labels.code3),
    tenVersusThree('runs: 10 vs 3 transform agents', labels.transform10, labels.transform3),
    {
      name: 'runs: 3 code agents vs 3 transform agents',
      opsPerSec: result(labels.code3).runsPerSec,
      baselineOpsPerSec: result(labels.transform3).runsPerSec,
      ratio: result(labels.code3).runsPerSec / result(labels.transform3).runsPerSec,
      unit: 'runs/s',
      extra: { perRun: perRun([[labels.transform3, cost(labels.transform3)]]) },
    },
    unloadedRow('p50Ms', TARGETS.p50Ms),
    unloadedRow('p99Ms', TARGETS.p99Ms),
    {
      name: 'replicas: 2 orchestrators + 2 workers vs 1 + 1',
      opsPerSec: replicas.two.runsPerSec,
      baselineOpsPerSec: replicas.one.runsPerSec,
      ratio: replicas.two.runsPerSec / replicas.one.runsPerSec,
      target: TARGETS.replicas,
      unit: 'runs/s',
      note: '3-agent code runs; rounds 1+1, 2+2, 2+2, 1+1 on the same stack',
      extra: {
        [ONE_EACH]: summary(replicas.one, replicas.concurrency),
        [TWO_EACH]: summary(replicas.two, replicas.concurrency),
        perRun: replicas.cost,
      },
    },
    {
      name: 'memory: idle RSS, Baton stack vs BullMQ + Redis',
      opsPerSec: idle.baton.total,
      ...(peerTotal === undefined
        ? {}
        : { baselineOpsPerSec: peerTotal, ratio: idle.baton.total / peerTotal }),
      better: 'lower',
      unit: 'MiB',
      note: `every stack process and nats-server, after start (PostgreSQL, a shared server, not counted); ${
        noPeer ??
        "baseline: BullMQ's producer and worker processes and Redis's used_memory_rss (Redis is shared)"
      }`,
      extra: {
        baton: idle.baton.perProcess,
        batonAfterLoad: idle.batonAfterLoad.perProcess,
        batonAfterLoadTotal: idle.batonAfterLoad.total,
        ...(peerMiB ? { bullmq: peerMiB } : {}),
      },
    },
  ];
}

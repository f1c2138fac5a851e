import type { CostPerRun } from './drive-costs';
import type { RunDriveResult } from './drive-runs';
import { ONE_EACH, TWO_EACH } from './replicas';
import { runsRows, type MeasuredWorkloads, type RunsRowsInput } from './runs-rows';

const drive = (runsPerSec: number, p50Ms = 10, p99Ms = 20): RunDriveResult => ({
  runs: 100,
  seconds: 100 / runsPerSec,
  runsPerSec,
  p50Ms,
  p99Ms,
});
const cost = (cpuMsTotal: number): CostPerRun => ({
  runs: 100,
  cpuMs: { all: cpuMsTotal },
  cpuMsTotal,
  writes: {},
  writesTotal: 0,
  deliveries: {},
});

function measured(rates: Record<string, [RunDriveResult, number]>): MeasuredWorkloads {
  return {
    result: (label) => rates[label][0],
    cost: (label) => cost(rates[label][1]),
    unsettled: [],
  };
}

const labels = {
  transform3: 't3',
  code3: 'c3',
  transform10: 't10',
  code10: 'c10',
  code3Unloaded: 'c3 one',
};

function input(withBullmq: boolean): RunsRowsInput {
  return {
    measurements: measured({
      t3: [drive(400), 2],
      c3: [drive(200), 5],
      t10: [drive(300), 3],
      c10: [drive(50), 20],
      ...(withBullmq ? { bq: [drive(400), 2] as [RunDriveResult, number] } : {}),
    }),
    latency: measured({
      'c3 one': [drive(100, 8, 30), 10],
      ...(withBullmq ? { 'bq one': [drive(150, 4, 12), 4] as [RunDriveResult, number] } : {}),
    }),
    labels: {
      ...labels,
      bullmq: withBullmq ? 'bq' : undefined,
      bullmqUnloaded: withBullmq ? 'bq one' : undefined,
    },
    concurrency: 64,
    noRedis: withBullmq ? undefined : 'no Redis at redis://127.0.0.1:6379 (connect ECONNREFUSED)',
    idle: {
      baton: { perProcess: { ingress: 100 }, total: 100 },
      peer: withBullmq ? { 'bullmq-worker': 50 * 1024 * 1024 } : undefined,
      batonAfterLoad: { perProcess: { ingress: 120 }, total: 120 },
    },
    replicas: {
      one: drive(100),
      two: drive(80),
      cost: { [ONE_EACH]: cost(5), [TWO_EACH]: cost(6) },
      runsPerRound: 400,
      concurrency: 64,
    },
    readerLag: { projector: 7 },
  };
}

describe('runsRows', () => {
  it('compares each Baton rate with the BullMQ chain, and CPU per run besides', () => {
    const [code, transform] = runsRows(input(true));
    expect(code).toMatchObject({ opsPerSec: 200, baselineOpsPerSec: 400, ratio: 0.5, target: 1 });
    expect(code.extra).toMatchObject({ cpuRatio: 0.4, readerLagAfterLastDrive: { projector: 7 } });
    expect(transform).toMatchObject({ ratio: 1, target: 2, targetOf: 'ratio' });
  });

  it('turns 10-vs-3 rates into a cost ratio whose target is 2.5×', () => {
    const ten = runsRows(input(true))[2];
    expect(ten).toMatchObject({ ratio: 0.25, target: 0.4 });
    expect(ten.extra).toMatchObject({ costRatio: 4, cpuCostRatio: 4 });
  });

  it('makes latency and memory rows lower-is-better, against BullMQ measured alike', () => {
    const rows = runsRows(input(true));
    expect(rows[5]).toMatchObject({
      opsPerSec: 8,
      baselineOpsPerSec: 4,
      ratio: 2,
      target: 5,
      better: 'lower',
    });
    expect(rows[6]).toMatchObject({ opsPerSec: 30, baselineOpsPerSec: 12, target: 20 });
    expect(rows[7]).toMatchObject({ ratio: 0.8, target: 0.9 });
    expect(rows[8]).toMatchObject({ opsPerSec: 100, baselineOpsPerSec: 50, ratio: 2, better: 'lower' });
  });

  it('without Redis keeps Baton values, has no baseline, and says why', () => {
    const rows = runsRows(input(false));
    for (const row of [rows[0], rows[1], rows[5], rows[6], rows[8]]) {
      expect(row.baselineOpsPerSec).toBeUndefined();
      expect(row.ratio).toBeUndefined();
      expect(row.note).toContain('BullMQ baseline not measured: no Redis at redis://127.0.0.1:6379');
    }
    expect(rows[0].opsPerSec).toBe(200);
  });
});

import {
  addCosts,
  combinedProbe,
  costBetween,
  measuredDrive,
  NO_COST,
  perRun,
  type CostSnapshot,
} from './drive-costs';

const snapshot = (cpu: Record<string, number>, writes: Record<string, number> = {}): CostSnapshot => ({
  cpuSeconds: cpu,
  writes,
  deliveries: {},
});

describe('costBetween', () => {
  it('is how much each counter grew; one that appeared counts from 0, one that vanished is left out', () => {
    const before = snapshot({ orchestrator: 10, worker: 4, 'worker-1': 2 }, { BATON_RUNS: 100 });
    const after = snapshot({ orchestrator: 12.5, worker: 5, 'orchestrator-1': 1 }, { BATON_RUNS: 160 });
    expect(costBetween(before, after, 20)).toEqual({
      runs: 20,
      cpuSeconds: { orchestrator: 2.5, worker: 1, 'orchestrator-1': 1 },
      writes: { BATON_RUNS: 60 },
      deliveries: {},
    });
  });
});

describe('addCosts and perRun', () => {
  it('sums drives, then divides by every run they finished (CPU in ms)', () => {
    const first = { runs: 100, cpuSeconds: { worker: 0.3 }, writes: { BATON_TASKS: 300 }, deliveries: {} };
    const second = {
      runs: 300,
      cpuSeconds: { worker: 0.5, ingress: 0.2 },
      writes: { BATON_TASKS: 900 },
      deliveries: { workers: 1200 },
    };
    const total = addCosts(addCosts(NO_COST, first), second);
    expect(perRun(total)).toEqual({
      runs: 400,
      cpuMs: { worker: 2, ingress: 0.5 },
      cpuMsTotal: 2.5,
      writes: { BATON_TASKS: 3 },
      writesTotal: 3,
      deliveries: { workers: 3 },
    });
  });

  it('leaves out counters that did not grow, and is 0 per run without runs', () => {
    expect(perRun({ runs: 0, cpuSeconds: { a: 1, b: 0 }, writes: {}, deliveries: {} })).toEqual({
      runs: 0,
      cpuMs: { a: 0 },
      cpuMsTotal: 0,
      writes: {},
      writesTotal: 0,
      deliveries: {},
    });
  });
});

describe('measuredDrive', () => {
  it('snapshots before and after the drive and counts the runs it reports', async () => {
    let cpu = 1;
    const probe = { snapshot: async () => snapshot({ nats: cpu }) };
    const { result, cost } = await measuredDrive(probe, async () => {
      cpu = 1.75;
      return { runs: 3 };
    });
    expect(result).toEqual({ runs: 3 });
    expect(cost.cpuSeconds).toEqual({ nats: 0.75 });
    expect(perRun(cost).cpuMs).toEqual({ nats: 250 });
  });
});

describe('combinedProbe', () => {
  it('merges the snapshots of its probes', async () => {
    const processes = { snapshot: async () => snapshot({ worker: 1 }) };
    const streams = { snapshot: async () => snapshot({}, { BATON_RUNS: 9 }) };
    expect(await combinedProbe(processes, streams).snapshot()).toEqual({
      cpuSeconds: { worker: 1 },
      writes: { BATON_RUNS: 9 },
      deliveries: {},
    });
  });
});

import type { Server } from 'node:http';
import type { CostSnapshot } from './drive-costs';
import { completed, fakeIngress } from './fake-ingress';
import { Measurements, writesPerRun, type Workload } from './workloads';

describe('Measurements', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A probe whose counters grow by one task write and 2 ms of CPU per request the fake answered. */
  function workload(url: string, requests: () => number, label = 'demo'): Workload {
    return {
      label,
      baseUrl: url,
      ensemble: 'demo',
      probe: {
        snapshot: async (): Promise<CostSnapshot> => ({
          cpuSeconds: { worker: requests() * 0.002 },
          writes: { BATON_TASKS: requests() },
          deliveries: {},
        }),
      },
      check: writesPerRun('BATON_TASKS', 1),
    };
  }

  it('keeps warm-up drives out of the results and counts each measured drive once', async () => {
    const ingress = await fakeIngress(completed);
    server = ingress.server;
    const settles: string[] = [];
    const measurements = new Measurements(async () => {
      settles.push('settled');
      return undefined;
    });
    const demo = workload(ingress.url, () => ingress.requests.length);
    await measurements.measure(demo, { runs: 5, concurrency: 2, warmUp: true });
    await measurements.measure(demo, { runs: 10, concurrency: 2 });
    await measurements.measure(demo, { runs: 10, concurrency: 2 });
    expect(settles).toHaveLength(3);
    expect(measurements.result('demo').runs).toBe(20);
    expect(measurements.cost('demo')).toMatchObject({
      runs: 20,
      cpuMs: { worker: 2 },
      writes: { BATON_TASKS: 1 },
    });
  });

  it('fails a drive whose costs break the workload check', async () => {
    const ingress = await fakeIngress(completed);
    server = ingress.server;
    const measurements = new Measurements(async () => undefined);
    const noTasks = { ...workload(ingress.url, () => 0), check: writesPerRun('BATON_TASKS', 3) };
    await expect(measurements.measure(noTasks, { runs: 4, concurrency: 2 })).rejects.toThrow(
      'demo: 0 messages were published to BATON_TASKS, expected 12 (3 per run)',
    );
  });

  it('records a backlog that had not drained before a measured drive', async () => {
    const ingress = await fakeIngress(completed);
    server = ingress.server;
    const measurements = new Measurements(async () => 'orchestrator: 5 pending, 0 unacknowledged');
    await measurements.measure(
      workload(ingress.url, () => ingress.requests.length),
      { runs: 2, concurrency: 1 },
    );
    expect(measurements.unsettled).toEqual(['before demo: orchestrator: 5 pending, 0 unacknowledged']);
  });

  it('gives each drive of a workload its own run indices', async () => {
    const seen: number[] = [];
    const ingress = await fakeIngress((input) => {
      seen.push(input.n);
      return completed(input);
    });
    server = ingress.server;
    const measurements = new Measurements(async () => undefined);
    const demo = { ...workload(ingress.url, () => 0), check: undefined };
    await measurements.measure(demo, { runs: 3, concurrency: 1 });
    await measurements.measure(demo, { runs: 3, concurrency: 1 });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

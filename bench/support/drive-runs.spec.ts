import type { Server } from 'node:http';
import { driveRuns, summarizeDrives } from './drive-runs';
import { completed, fakeIngress } from './fake-ingress';

describe('driveRuns', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('starts every run once through the waiting start route and times each', async () => {
    const ingress = await fakeIngress(completed);
    server = ingress.server;
    const result = await driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 25, concurrency: 4 });
    expect(result.latenciesMs).toHaveLength(25);
    expect(ingress.requests).toHaveLength(25);
    expect(new Set(ingress.requests)).toEqual(new Set(['POST /api/ensembles/demo/runs?wait=60s']));
    // The fake answers each start 2 ms after reading it.
    expect(Math.min(...result.latenciesMs)).toBeGreaterThanOrEqual(1);
    expect(result.seconds * 1000).toBeGreaterThanOrEqual(Math.max(...result.latenciesMs));
  });

  it('keeps at most `concurrency` runs in flight', async () => {
    const ingress = await fakeIngress(completed);
    server = ingress.server;
    await driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 30, concurrency: 3 });
    expect(ingress.inFlightPeak()).toBeLessThanOrEqual(3);
  });

  it('fails with the run when one ends in another status than completed', async () => {
    const ingress = await fakeIngress((input) =>
      input.n === 7
        ? { status: 200, body: { id: 'run-7', status: 'failed', error: { code: 'boom' } } }
        : completed(input),
    );
    server = ingress.server;
    await expect(
      driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 20, concurrency: 4 }),
    ).rejects.toThrow('demo run run-7 ended failed: {"code":"boom"}');
  });

  it('fails when a run has not ended within the wait (ingress answers 202)', async () => {
    const ingress = await fakeIngress((input) =>
      input.n === 3 ? { status: 202, body: { runId: 'run-3' } } : completed(input),
    );
    server = ingress.server;
    await expect(
      driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 10, concurrency: 2 }),
    ).rejects.toThrow(/run #3: 202/);
  });

  it('fails when a completed run has the wrong output', async () => {
    const ingress = await fakeIngress((input) => ({
      status: 200,
      body: { id: `run-${input.n}`, status: 'completed', output: { doubled: input.n } },
    }));
    server = ingress.server;
    await expect(
      driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 5, concurrency: 1, firstIndex: 4 }),
    ).rejects.toThrow('demo run run-4: expected output {"doubled":8,"label":"r4-8"}, got {"doubled":4}');
  });

  it('stops starting runs after the first failure', async () => {
    const ingress = await fakeIngress((input) =>
      input.n === 0 ? { status: 500, body: { error: { code: 'internal' } } } : completed(input),
    );
    server = ingress.server;
    await expect(
      driveRuns({ baseUrl: ingress.url, ensemble: 'demo', runs: 1000, concurrency: 1 }),
    ).rejects.toThrow(/run #0: 500/);
    expect(ingress.requests).toHaveLength(1);
  });
});

describe('summarizeDrives', () => {
  it('counts the runs of every drive over their summed time, with percentiles over all their latencies', () => {
    const result = summarizeDrives([
      { latenciesMs: [10, 30, 20], seconds: 1 },
      { latenciesMs: [40], seconds: 3 },
    ]);
    expect(result).toEqual({ runs: 4, seconds: 4, runsPerSec: 1, p50Ms: 20, p99Ms: 40 });
  });
});

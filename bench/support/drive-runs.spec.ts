import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { driveRuns, summarizeDrives } from './drive-runs';

type Answer = (input: { n: number; tag: string }) => { status: number; body: unknown };

/** A stand-in for ingress's `POST /api/ensembles/<name>/runs?wait=`: answers each start with `answer`. */
async function fakeIngress(
  answer: Answer,
): Promise<{ url: string; requests: string[]; inFlightPeak: () => number; server: Server }> {
  const requests: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      const { status, body } = answer(JSON.parse(text));
      // A little later, so that starts overlap as they do against the real stack.
      setTimeout(() => {
        inFlight--;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, inFlightPeak: () => peak, server };
}

const completed: Answer = (input) => ({
  status: 200,
  body: {
    id: `run-${input.n}`,
    status: 'completed',
    output: { doubled: input.n * 2, label: `${input.tag}-${input.n * 2}` },
  },
});

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

/**
 * Asks ingress's /healthz every 50 ms from a process of its own (so the measurement is not delayed
 * by the fuzzer's own work) and reports the slowest answer: a stalled event loop shows here.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const PROBE = `
const url = process.argv[1];
const samples = [];
let running = true;
process.on('message', () => { running = false; });
(async () => {
  while (running) {
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      status = res.status;
      await res.arrayBuffer();
    } catch { status = -1; }
    samples.push({ ms: performance.now() - started, status });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.send({ samples }, () => process.exit(0));
})();
`;

export interface ProbeReport {
  readonly count: number;
  readonly maxMs: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export class HealthProbe {
  private readonly child: ChildProcess;

  constructor(baseUrl: string) {
    this.child = spawn(process.execPath, ['-e', PROBE, `${baseUrl}/healthz`], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  }

  stop(): Promise<ProbeReport> {
    return new Promise((resolve) => {
      this.child.once('message', (message: { samples: Array<{ ms: number; status: number }> }) => {
        const times = message.samples.map((sample) => sample.ms).sort((a, b) => a - b);
        resolve({
          count: times.length,
          maxMs: times[times.length - 1] ?? 0,
          p99Ms: times[Math.floor(times.length * 0.99)] ?? 0,
          failures: message.samples.filter((sample) => sample.status !== 200).length,
        });
      });
      this.child.send('stop');
    });
  }
}

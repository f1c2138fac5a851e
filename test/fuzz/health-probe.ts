/**
 * Asks ingress's /healthz every 50 ms from a process of its own (so the measurement is not delayed
 * by the fuzzer's own work) and reports the slowest answer: a stalled event loop shows here.
 *
 * On a shared machine a slow answer may only mean that ingress (or the probe) waited for a CPU: the
 * scheduler's run-queue delay of ingress's main thread and of the probe (/proc/…/schedstat, Linux)
 * during each request is subtracted, so what remains is time ingress could run and did not answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const PROBE = `
const { readFileSync } = require('node:fs');
const url = process.argv[1];
const ingressThread = '/proc/' + process.argv[2] + '/task/' + process.argv[2] + '/schedstat';
const runDelay = (file) => { try { return Number(readFileSync(file, 'utf8').split(' ')[1]) / 1e6; } catch { return 0; } };
const waited = () => runDelay(ingressThread) + runDelay('/proc/self/task/' + process.pid + '/schedstat');
const samples = [];
let running = true;
process.on('message', () => { running = false; });
(async () => {
  while (running) {
    const started = performance.now();
    const waitedBefore = waited();
    let status = 0;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      status = res.status;
      await res.arrayBuffer();
    } catch { status = -1; }
    const ms = performance.now() - started;
    samples.push({ ms, runnableMs: Math.max(0, ms - (waited() - waitedBefore)), status });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.send({ samples }, () => process.exit(0));
})();
`;

export interface ProbeReport {
  readonly count: number;
  /** Slowest answer, wall clock. */
  readonly maxMs: number;
  readonly p99Ms: number;
  /** Slowest answer less the time ingress and the probe waited for a CPU. */
  readonly maxRunnableMs: number;
  readonly failures: number;
}

export class HealthProbe {
  private readonly child: ChildProcess;

  constructor(baseUrl: string, ingressPid: number) {
    this.child = spawn(process.execPath, ['-e', PROBE, `${baseUrl}/healthz`, String(ingressPid)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
  }

  stop(): Promise<ProbeReport> {
    return new Promise((resolve) => {
      this.child.once(
        'message',
        (message: { samples: Array<{ ms: number; runnableMs: number; status: number }> }) => {
          const times = message.samples.map((sample) => sample.ms).sort((a, b) => a - b);
          resolve({
            count: times.length,
            maxMs: times[times.length - 1] ?? 0,
            p99Ms: times[Math.floor(times.length * 0.99)] ?? 0,
            maxRunnableMs: Math.max(0, ...message.samples.map((sample) => sample.runnableMs)),
            failures: message.samples.filter((sample) => sample.status !== 200).length,
          });
        },
      );
      this.child.send('stop');
    });
  }
}

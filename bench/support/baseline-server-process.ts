/** Starts baseline-webhook-server.js (built beside this file) as a child process on a free loopback port. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WEBHOOK_SECRET } from './signed-webhook';

export interface BaselineOptions {
  /** Its own JetStream stream (created by the server), so each receiver's stored messages can be counted. */
  readonly stream: string;
  /** Whether the NATS connection skips nats.js's per-request stack trace (`noAsyncTraces`), as ingress's does. */
  readonly noAsyncTraces: boolean;
}

export interface BaselineServer {
  readonly url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export async function startBaselineServer(
  natsUrl: string,
  options: BaselineOptions,
): Promise<BaselineServer> {
  const child = spawn(process.execPath, [join(__dirname, 'baseline-webhook-server.js')], {
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BENCH_BASELINE_STREAM: options.stream,
      BENCH_BASELINE_NO_ASYNC_TRACES: options.noAsyncTraces ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the baseline webhook server did not start in time')),
      READY_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`the baseline webhook server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

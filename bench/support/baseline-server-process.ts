/** Starts baseline-webhook-server.js (built beside this file) as a child process on a free loopback port. */
import { join } from 'node:path';
import { startChildProgram } from './child-process';
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

export async function startBaselineServer(
  natsUrl: string,
  options: BaselineOptions,
): Promise<BaselineServer> {
  const child = await startChildProgram(
    'the baseline webhook server',
    join(__dirname, 'baseline-webhook-server.js'),
    {
      NATS_URL: natsUrl,
      BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BENCH_BASELINE_STREAM: options.stream,
      BENCH_BASELINE_NO_ASYNC_TRACES: options.noAsyncTraces ? '1' : '0',
    },
    /^listening (\d+)$/,
  );
  return { url: `http://127.0.0.1:${child.ready[1]}`, stop: () => child.stop() };
}

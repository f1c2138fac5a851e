/**
 * Signed webhooks accepted per second by Baton's ingress (verify the HMAC, claim the delivery id in
 * the dedupe KV, publish the StartRun and await its ack, log the request) against a bare node:http receiver that
 * verifies the same HMAC and awaits one JetStream publish: both on the same private NATS, each its
 * own process, both loaded with the same autocannon settings in this run. They alternate in rounds,
 * so a burst of other load on the machine weighs on both alike. A second row compares ingress with
 * the same bare server tuned as ingress's own NATS connection is (no per-request stack traces).
 */
import type { BenchResult } from './support/bench-result';
import { startBaselineServer } from './support/baseline-server-process';
import { withBenchStack } from './support/bench-stack';
import { streamState } from './support/stream-state';
import { loadWebhooks, type WebhookLoad, type WebhookLoadResult } from './support/webhook-load';

/** Four rounds of 3 s each: 12 s of measured load per receiver, alternating often enough that a burst of other load on the machine weighs on all receivers alike. */
const ROUNDS = 4;
const ROUND: WebhookLoad = { connections: 64, durationSeconds: 3 };
/** JIT, connection pools and the streams' first blocks settle before the timed load. */
const WARM_UP: WebhookLoad = { connections: 64, durationSeconds: 2 };
const TARGET_RATIO = 0.6;
const INBOX_STREAM = 'BATON_INBOX';

interface Receiver {
  readonly who: string;
  readonly url: string;
  readonly stream: string;
  /** Every load sent, the warm-up included: what the stream is checked against. */
  readonly loads: { load: WebhookLoad; result: WebhookLoadResult }[];
  /** The timed rounds only. */
  readonly measured: WebhookLoadResult[];
}

function receiver(who: string, url: string, stream: string): Receiver {
  return { who, url, stream, loads: [], measured: [] };
}

/** Any refused or failed request makes the numbers meaningless: stop the bench. */
async function send(target: Receiver, load: WebhookLoad): Promise<WebhookLoadResult> {
  const result = await loadWebhooks(target.url, load);
  if (result.non2xx > 0 || result.errors > 0 || result.accepted === 0) {
    throw new Error(
      `${target.who}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load (status codes ${JSON.stringify(result.statusCodes)})`,
    );
  }
  target.loads.push({ load, result });
  return result;
}

/**
 * A 202 must mean the delivery is in the stream: the stream holds one message per 2xx answer, plus
 * at most one per connection and load for the requests still in flight when autocannon stopped.
 */
async function assertStored(natsUrl: string, target: Receiver): Promise<void> {
  const answered = target.loads.reduce((sum, { result }) => sum + result.accepted, 0);
  const inFlight = target.loads.reduce((sum, { load }) => sum + load.connections, 0);
  const stored = (await streamState(natsUrl, target.stream)).messages;
  if (stored < answered || stored > answered + inFlight) {
    throw new Error(
      `${target.who}: answered 2xx to ${answered} deliveries (${inFlight} more may have been in flight) but ${target.stream} holds ${stored} messages`,
    );
  }
}

function rate(results: readonly WebhookLoadResult[]): number {
  const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
  return accepted / results.reduce((sum, r) => sum + r.seconds, 0);
}

function total(results: readonly WebhookLoadResult[], count: (r: WebhookLoadResult) => number): number {
  return results.reduce((sum, r) => sum + count(r), 0);
}

function row(name: string, ingress: Receiver, baseline: Receiver, target: number | undefined): BenchResult {
  const ingressRate = rate(ingress.measured);
  const baselineRate = rate(baseline.measured);
  return {
    name,
    opsPerSec: ingressRate,
    baselineOpsPerSec: baselineRate,
    ratio: ingressRate / baselineRate,
    ...(target === undefined ? {} : { target }),
    unit: 'req/s',
    extra: {
      connections: ROUND.connections,
      seconds: ROUNDS * ROUND.durationSeconds,
      accepted: total(ingress.measured, (r) => r.accepted),
      non2xx: total(ingress.measured, (r) => r.non2xx),
      shed: total(ingress.measured, (r) => r.shed),
      baselineAccepted: total(baseline.measured, (r) => r.accepted),
      baselineNon2xx: total(baseline.measured, (r) => r.non2xx),
      // Per round: autocannon's percentiles of several rounds do not merge into one.
      latencyP50Ms: ingress.measured.map((r) => r.latencyP50Ms),
      latencyP99Ms: ingress.measured.map((r) => r.latencyP99Ms),
      baselineLatencyP50Ms: baseline.measured.map((r) => r.latencyP50Ms),
      baselineLatencyP99Ms: baseline.measured.map((r) => r.latencyP99Ms),
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  // Nothing takes the starts here, so the backlog limit would soon answer 503: lift it, since this
  // measures accepting webhooks, not refusing them.
  return withBenchStack(
    { only: ['ingress'], env: { BATON_MAX_START_BACKLOG: '10000000' } },
    async (stack) => {
      // The baseline of the issue: a bare server on nats.js's defaults. And the same server tuned
      // like ingress's connection (no stack trace captured per request), for a stricter comparison.
      const plainServer = await startBaselineServer(stack.nats.url, {
        stream: 'BENCH_BASELINE',
        noAsyncTraces: false,
      });
      const tunedServer = await startBaselineServer(stack.nats.url, {
        stream: 'BENCH_BASELINE_TUNED',
        noAsyncTraces: true,
      });
      const plain = receiver('baseline', plainServer.url, 'BENCH_BASELINE');
      const tuned = receiver('tuned baseline', tunedServer.url, 'BENCH_BASELINE_TUNED');
      // Only ingress runs, so nothing consumes the inbox and every StartRun it acknowledged stays there.
      const ingress = receiver('ingress', stack.baseUrl, INBOX_STREAM);
      const receivers = [plain, tuned, ingress];
      try {
        for (const target of receivers) await send(target, WARM_UP);
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of receivers) target.measured.push(await send(target, ROUND));
        }
      } finally {
        await Promise.all([plainServer.stop(), tunedServer.stop()]);
      }
      for (const target of receivers) await assertStored(stack.nats.url, target);
      return [
        row('ingress: signed webhooks accepted', ingress, plain, TARGET_RATIO),
        row('ingress vs a tuned baseline (no per-request stack traces)', ingress, tuned, undefined),
      ];
    },
  );
}

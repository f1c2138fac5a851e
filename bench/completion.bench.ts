/**
 * Webhook to completion: signed deliveries for 10 s at 32 connections, each starting the 3-step
 * code chain (`bench-hook-code.yaml` on Baton; the same chain on BullMQ, behind a bare node:http
 * receiver checking the same HMAC). Counted afterwards, from Baton's event log and from BullMQ's
 * completed set: runs finished inside the window (by when their end was stored), the drain time
 * after it, and that every accepted run finished and completed correctly (none lost).
 */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import type { BenchResult } from './support/bench-result';
import { withBenchStack } from './support/bench-stack';
import { redisAbsence, startBullmqPeer, type BullmqPeer } from './support/bullmq/bullmq-peer';
import { countWindow, windowViolation, type WindowCount } from './support/completion-count';
import { costBetween, perRun, type CostPerRun, type CostProbe } from './support/drive-costs';
import { readerLag, settle } from './support/probes';
import { contractViolation } from './support/run-contract';
import { readRunLog, runLogLastSeq } from './support/run-log';
import { CHAIN_DELIVERY, CHAIN_INPUT } from './support/signed-webhook';
import { stackProbe } from './support/stack-resources';
import { loadWebhooks, type WebhookLoad, type WebhookLoadResult } from './support/webhook-load';

const WINDOW: WebhookLoad = {
  connections: 32,
  durationSeconds: 10,
  delivery: CHAIN_DELIVERY,
  collectRunIds: true,
};
const WARM_UP: WebhookLoad = { connections: 4, durationSeconds: 1, delivery: CHAIN_DELIVERY };
/** Past this, a backlog that has not drained fails the bench (a run is stuck, or lost). */
const DRAIN_LIMIT_MS = 240_000;
const TARGET_FINISHED_IN_WINDOW = 0.5;

export interface WindowMeasurement {
  readonly load: WebhookLoadResult;
  readonly count: WindowCount;
  readonly cost: CostPerRun;
}

/** Refused or failed requests make the counts meaningless; 503 + Retry-After (shed) is allowed. */
function checkLoad(who: string, result: WebhookLoadResult): void {
  if (result.non2xx > 0 || result.errors > 0 || result.accepted === 0) {
    throw new Error(
      `${who}: ${result.non2xx} non-2xx answers and ${result.errors} errors under the webhook load (status codes ${JSON.stringify(result.statusCodes)})`,
    );
  }
  const unnamed = result.runIds.filter((runId) => runId === '').length;
  if (unnamed > 0) throw new Error(`${who}: ${unnamed} accepted deliveries named no run`);
}

async function batonWindow(
  baseUrl: string,
  nc: NatsConnection,
  probe: CostProbe,
): Promise<WindowMeasurement> {
  await loadWebhooks(baseUrl, WARM_UP);
  await drain('Baton (warm-up)', nc);
  const afterSeq = await runLogLastSeq(nc);
  const before = await probe.snapshot();
  const windowStart = Date.now();
  const load = await loadWebhooks(baseUrl, WINDOW);
  checkLoad('Baton', load);
  await drain('Baton', nc);
  const after = await probe.snapshot();
  const log = await readRunLog(nc, afterSeq);
  const count = countWindow({
    windowEndMs: windowStart + WINDOW.durationSeconds * 1000,
    acceptedRunIds: load.runIds,
    startedRunIds: log.started,
    ended: log.ended,
  });
  const wrong = windowViolation(count, WINDOW.connections);
  if (wrong) throw new Error(`Baton webhook runs: ${wrong}`);
  for (const [runId, output] of log.outputs) {
    const violation = contractViolation(CHAIN_INPUT, output);
    if (violation) throw new Error(`Baton webhook run ${runId}: ${violation}`);
  }
  return { load, count, cost: perRun(costBetween(before, after, count.finished)) };
}

async function drain(who: string, nc: NatsConnection): Promise<void> {
  const busy = await settle(nc, DRAIN_LIMIT_MS);
  if (busy)
    throw new Error(`${who}: runs still unfinished ${DRAIN_LIMIT_MS / 1000} s after the load: ${busy}`);
}

async function bullmqWindow(peer: BullmqPeer): Promise<WindowMeasurement> {
  await loadWebhooks(peer.url, WARM_UP);
  await peerDrain(peer);
  const before = await peer.stats(Date.now());
  const costBefore = await peer.probe.snapshot();
  const windowStart = Date.now();
  const windowEndMs = windowStart + WINDOW.durationSeconds * 1000;
  const load = await loadWebhooks(peer.url, WINDOW);
  checkLoad('BullMQ', load);
  const after = await peerDrain(peer, windowEndMs);
  const costAfter = await peer.probe.snapshot();
  const started = after.enqueued - before.enqueued;
  const finished = after.completed - before.completed;
  const count: WindowCount = {
    accepted: load.accepted,
    started,
    finishedInWindow: after.completedBy - before.completed,
    finished,
    drainMs: Math.max(0, (after.lastFinishedAt ?? windowEndMs) - windowEndMs),
    lost: [],
    notCompleted: after.failed > before.failed ? [`${after.failed - before.failed} failed jobs`] : [],
  };
  const wrong =
    finished < load.accepted
      ? `${load.accepted - finished} accepted runs never finished`
      : windowViolation(count, WINDOW.connections);
  if (wrong) throw new Error(`BullMQ webhook runs: ${wrong}`);
  for (const output of after.sampleOutputs) {
    const violation = contractViolation(CHAIN_INPUT, output);
    if (violation) throw new Error(`BullMQ webhook run: ${violation}`);
  }
  return { load, count, cost: perRun(costBetween(costBefore, costAfter, finished)) };
}

/** Polls the peer until no job waits or runs, and every run it enqueued finished. */
async function peerDrain(peer: BullmqPeer, until = Date.now()) {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  for (;;) {
    const stats = await peer.stats(until);
    if (stats.unfinished === 0 && stats.completed + stats.failed >= stats.enqueued) return stats;
    if (Date.now() > deadline) {
      throw new Error(
        `BullMQ: ${stats.unfinished} jobs unfinished ${DRAIN_LIMIT_MS / 1000} s after the load`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function summary(window: WindowMeasurement): Record<string, unknown> {
  const { load, count } = window;
  return {
    accepted: count.accepted,
    shed: load.shed,
    started: count.started,
    finishedInWindow: count.finishedInWindow,
    finished: count.finished,
    lost: count.lost.length,
    drainSeconds: Number((count.drainMs / 1000).toFixed(2)),
    answerP50Ms: load.latencyP50Ms,
    answerP99Ms: load.latencyP99Ms,
  };
}

export async function run(): Promise<BenchResult[]> {
  const noRedis = await redisAbsence();
  return withBenchStack({}, async (stack) => {
    const nc = await connect({ servers: stack.nats.url, name: 'bench-inspector' });
    let peer: BullmqPeer | undefined;
    try {
      peer = noRedis ? undefined : await startBullmqPeer();
      const bullmq = peer ? await bullmqWindow(peer) : undefined;
      const baton = await batonWindow(stack.baseUrl, nc, stackProbe(stack, nc));
      const lag = await readerLag(nc);
      return rows(baton, bullmq, noRedis, lag);
    } finally {
      await peer?.stop();
      await nc.close();
    }
  });
}

function rows(
  baton: WindowMeasurement,
  bullmq: WindowMeasurement | undefined,
  noRedis: string | undefined,
  lag: Record<string, number>,
): BenchResult[] {
  const seconds = WINDOW.durationSeconds;
  const perRunCosts = {
    'Baton webhook chain (window + drain)': baton.cost,
    ...(bullmq ? { 'BullMQ webhook chain (window + drain)': bullmq.cost } : {}),
  };
  const extra = {
    connections: WINDOW.connections,
    seconds,
    baton: summary(baton),
    ...(bullmq ? { bullmq: summary(bullmq) } : {}),
    readerLagAfterDrain: lag,
    perRun: perRunCosts,
  };
  const finishedRate = baton.count.finishedInWindow / seconds;
  const bullmqRate = bullmq ? bullmq.count.finishedInWindow / seconds : undefined;
  return [
    {
      name: 'webhooks → completion: finished in the window / accepted',
      opsPerSec: finishedRate,
      baselineOpsPerSec: baton.count.accepted / seconds,
      ratio: baton.count.finishedInWindow / baton.count.accepted,
      target: TARGET_FINISHED_IN_WINDOW,
      targetOf: 'ratio',
      unit: 'runs/s',
      note: `Baton; baseline = its accepted deliveries per second; all ${baton.count.started} started runs finished, the last ${(baton.count.drainMs / 1000).toFixed(1)} s after the window; ${baton.load.shed} shed (503 + Retry-After)`,
      extra,
    },
    {
      name: 'webhooks → completion: Baton vs BullMQ, finished in the window',
      opsPerSec: finishedRate,
      ...(bullmqRate === undefined
        ? {}
        : { baselineOpsPerSec: bullmqRate, ratio: finishedRate / bullmqRate }),
      unit: 'runs/s',
      note: noRedis
        ? `BullMQ baseline not measured: ${noRedis}`
        : `BullMQ accepted ${bullmq?.count.accepted} and finished the last ${((bullmq?.count.drainMs ?? 0) / 1000).toFixed(1)} s after the window`,
      // The counts and costs of both are in the row above.
      extra: { connections: WINDOW.connections, seconds },
    },
  ];
}

/**
 * Timer lateness: 10,000 timers due evenly over 10 s, written into the timer store and fired by the
 * real scheduler process (dist/apps/scheduler) over a private nats-server; lateness is when each
 * timer's publish reached a subscriber minus its due time. Baseline, measured in the same run on
 * the same NATS with the same subscriber: a plain Node process holding each timer in a setTimeout
 * and publishing to JetStream when it fires (support/baseline-timers.ts). The two alternate.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats, TimerStore } from '@baton/messaging';
import { freePort, service, startNats, type NatsInstance } from '../test/support/processes';
import type { BenchResult } from './support/bench-result';
import { percentile } from './support/percentile';
import { dueTimes } from './support/timer-schedule';

const TIMERS = 10_000;
const SPREAD_MS = 10_000;
const ROUNDS = 2;
/** Time to write the timers (or set them) before the first is due. */
const LEAD_MS = 3000;
const TARGET_STREAM = 'BENCH_DUE';

/** Lateness (ms, fractional) of every message published under `prefix`, each carrying its due time. */
async function observe(nc: NatsConnection, prefix: string, count: number, start: () => Promise<void>) {
  const lateness: number[] = [];
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const subscription = nc.subscribe(`${prefix}.>`, {
    callback: (_error, msg) => {
      lateness.push(performance.timeOrigin + performance.now() - Number(new TextDecoder().decode(msg.data)));
      if (lateness.length === count) resolveAll();
    },
  });
  await nc.flush();
  try {
    await start();
    const deadline = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${prefix}: ${lateness.length} of ${count} timers fired`)),
        LEAD_MS + SPREAD_MS + 30_000,
      ),
    );
    await Promise.race([all, deadline]);
  } finally {
    subscription.unsubscribe();
  }
  return lateness;
}

async function schedulerRound(nc: NatsConnection, round: number): Promise<number[]> {
  const prefix = `bench.due.scheduler${round}`;
  const store = new TimerStore(nc);
  return observe(nc, prefix, TIMERS, async () => {
    const due = dueTimes(Date.now() + LEAD_MS, TIMERS, SPREAD_MS);
    let next = 0;
    const write = async () => {
      for (let i = next++; i < due.length; i = next++) {
        const subject = `${prefix}.${i}`;
        await store.schedule({
          id: subject,
          dueAt: due[i],
          target: { subject, payload: new TextEncoder().encode(String(due[i])), msgId: subject },
        });
      }
    };
    await Promise.all(Array.from({ length: 256 }, write));
    if (Date.now() >= due[0]) throw new Error(`writing ${TIMERS} timers took longer than ${LEAD_MS} ms`);
  });
}

async function baselineRound(nats: NatsInstance, nc: NatsConnection, round: number): Promise<number[]> {
  const prefix = `bench.due.baseline${round}`;
  let exited: Promise<void> = Promise.resolve();
  const lateness = await observe(nc, prefix, TIMERS, async () => {
    const child = spawn(process.execPath, [join(__dirname, 'support/baseline-timers.js')], {
      env: {
        ...process.env,
        NATS_URL: nats.url,
        BENCH_START: String(Date.now() + LEAD_MS),
        BENCH_COUNT: String(TIMERS),
        BENCH_SPREAD_MS: String(SPREAD_MS),
        BENCH_SUBJECT_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exited = new Promise((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`baseline timers exited with ${code}`)),
      ),
    );
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`baseline timers exited with ${code} before scheduling`)),
      );
      createInterface({ input: child.stdout }).on('line', (line) => line === 'scheduled' && resolve());
    });
  });
  await exited;
  return lateness;
}

function summary(lateness: readonly number[]) {
  const round = (ms: number) => Number(ms.toFixed(2));
  return {
    p50: round(percentile(lateness, 50)),
    p90: round(percentile(lateness, 90)),
    p99: round(percentile(lateness, 99)),
    max: round(Math.max(...lateness)),
    min: round(Math.min(...lateness)),
  };
}

export async function run(): Promise<BenchResult[]> {
  const nats = await startNats();
  const logDir = mkdtempSync(join(tmpdir(), 'baton-bench-timers-'));
  const healthPort = await freePort();
  const scheduler = service(
    'scheduler',
    { NATS_URL: nats.url, HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info' },
    healthPort,
    logDir,
  );
  const nc = await connectNats({ url: nats.url, name: 'bench-timers' });
  try {
    await scheduler.start();
    await (await jetstreamManager(nc)).streams.add({ name: TARGET_STREAM, subjects: ['bench.due.>'] });
    const fired: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baseline.push(...(await baselineRound(nats, nc, round)));
      fired.push(...(await schedulerRound(nc, round)));
    }
    const ours = summary(fired);
    const theirs = summary(baseline);
    if (ours.min < 0) throw new Error(`a timer fired ${-ours.min} ms before it was due (logs: ${logDir})`);
    const extra = {
      timers: TIMERS,
      spreadMs: SPREAD_MS,
      rounds: ROUNDS,
      scheduler: ours,
      setTimeout: theirs,
    };
    return [
      {
        name: 'timers: lateness p50 (10,000 due over 10 s)',
        opsPerSec: ours.p50,
        baselineOpsPerSec: theirs.p50,
        ratio: ours.p50 / Math.max(theirs.p50, 0.01),
        unit: 'ms late',
        extra,
      },
      {
        name: 'timers: lateness p99',
        opsPerSec: ours.p99,
        baselineOpsPerSec: theirs.p99,
        ratio: ours.p99 / Math.max(theirs.p99, 0.01),
        unit: 'ms late',
        extra,
      },
    ];
  } finally {
    await nc.close();
    await scheduler.kill();
    await nats.dispose();
  }
}

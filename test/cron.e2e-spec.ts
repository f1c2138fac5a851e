/**
 * Cron triggers (issue 15), end to end: the real services as processes over a private nats-server.
 * A per-second trigger in Asia/Kolkata starts exactly one run per instant with two scheduler
 * replicas, across SIGKILLs and a restart; disabling it through the API stops it and enabling it
 * again resumes it from then on; removing the ensemble stops it. No restart is needed for any change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeRunMessage } from '@baton/engine';
import { connectNats, natsLayout } from '@baton/messaging';
import { ROOT, waitFor, type Service } from './support/processes';
import { startStack, type Stack } from './support/stack';

const layout = natsLayout();
const ENSEMBLE = 'every-second';
const FIXTURE = join(ROOT, 'test/fixtures/cron/every-second.yaml');
let stack: Stack;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let standby: Service;

interface CronStart {
  readonly runId: string;
  readonly trigger: { type: string; instant: string; timezone: string; cron: string; index: number };
  /** The instant, ms since the epoch. */
  readonly at: number;
}

/** Every run of the ensemble the orchestrator recorded, read from the event log itself. */
async function cronStarts(): Promise<CronStart[]> {
  const last = (await jsm.streams.info(layout.streams.runs)).state.last_seq;
  const found: CronStart[] = [];
  if (last === 0) return found;
  const consumer = await js.consumers.get(layout.streams.runs);
  const messages = await consumer.consume();
  for await (const message of messages) {
    for (const event of decodeRunMessage(message.data).events) {
      if (event.type !== 'RunRequested' || event.data.ensemble !== ENSEMBLE) continue;
      const trigger = event.data.trigger as CronStart['trigger'];
      found.push({ runId: event.runId, trigger, at: Date.parse(trigger.instant) });
    }
    if (message.seq >= last) break;
  }
  await messages.close();
  return found;
}

/** Waits until the log holds the runs of every instant up to `until` (ms), then reads them. */
async function startsThrough(until: number): Promise<CronStart[]> {
  await waitFor(
    `cron runs up to ${new Date(until).toISOString()}`,
    async () => ((await cronStarts()).some((start) => start.at >= until) ? true : undefined),
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  return cronStarts();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;
const seconds = (from: number, to: number) =>
  Array.from({ length: (to - from) / 1000 + 1 }, (_, n) => from + n * 1000);
const within = (starts: readonly CronStart[], from: number, to: number) =>
  starts
    .filter((start) => start.at >= from && start.at <= to)
    .map((start) => start.at)
    .sort((a, b) => a - b);

/** No run twice, no instant twice, over everything the log holds. */
function expectEachInstantOnce(starts: readonly CronStart[]) {
  expect(new Set(starts.map((start) => start.runId)).size).toBe(starts.length);
  expect(new Set(starts.map((start) => start.at)).size).toBe(starts.length);
}

async function register(enabled: boolean) {
  const yaml = readFileSync(FIXTURE, 'utf8').replace(
    'timezone: Asia/Kolkata',
    `timezone: Asia/Kolkata\n    enabled: ${enabled}`,
  );
  const { status, body } = await stack.api('/api/ensembles', {
    body: yaml,
    headers: { 'content-type': 'application/yaml' },
  });
  expect({ status, enabled: body.triggers?.[0]?.enabled }).toEqual({ status: expect.any(Number), enabled });
  expect([200, 201]).toContain(status);
}

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/cron'),
    only: ['ingress', 'orchestrator', 'scheduler'],
  });
  nc = await connectNats({ url: stack.nats.url, name: 'cron-e2e' });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  standby = await stack.replica('scheduler');
  await standby.start();
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
});

describe('a per-second cron trigger in Asia/Kolkata', () => {
  it('starts exactly one run per instant with two scheduler replicas, its instant and zone in execution.trigger', async () => {
    const from = nextSecond(Date.now()) + 2000;
    const to = from + 8000;
    const starts = await startsThrough(to);
    expect(within(starts, from, to)).toEqual(seconds(from, to));
    expectEachInstantOnce(starts);
    expect(starts[0].trigger).toEqual({
      type: 'cron',
      instant: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/),
      timezone: 'Asia/Kolkata',
      cron: '* * * * * *',
      index: 0,
    });
  }, 90_000);

  it('loses no instant and doubles none when schedulers are killed with SIGKILL and restarted', async () => {
    const from = nextSecond(Date.now());
    await stack.services.scheduler.kill('SIGKILL');
    await sleep(3000); // the standby takes the lease over
    await standby.kill('SIGKILL'); // now no scheduler runs at all
    await sleep(2000);
    await stack.services.scheduler.start();
    const to = nextSecond(Date.now()) + 3000;
    const starts = await startsThrough(to);
    // Missed by less than the 30 s grace: fired late, once, by the replica that took over.
    expect(within(starts, from, to)).toEqual(seconds(from, to));
    expectEachInstantOnce(starts);
    await standby.start();
  }, 120_000);

  it('stops when disabled through the API and fires again from when it is enabled again, without a restart', async () => {
    await register(false);
    const disabledAt = Date.now();
    const shown = await stack.api(`/api/ensembles/${ENSEMBLE}`);
    expect(shown.body.triggers[0]).toMatchObject({ type: 'cron', enabled: false, nextFireAt: null });
    await sleep(4000);
    const enabledAt = Date.now();
    await register(true);
    const listed = await stack.api('/api/ensembles');
    const trigger = listed.body.ensembles.find((e: { name: string }) => e.name === ENSEMBLE).triggers[0];
    expect(trigger.nextFireAt).toMatch(/\+05:30$/);
    const to = nextSecond(Date.now()) + 3000;
    const starts = await startsThrough(to);
    // Nothing while disabled (the change reaches the scheduler within a second)…
    expect(within(starts, disabledAt + 1000, enabledAt)).toEqual([]);
    // …and every instant again once it is enabled and the scheduler has seen it.
    const resumed = nextSecond(Date.now() - 3000);
    expect(within(starts, resumed, to)).toEqual(seconds(resumed, to));
    expectEachInstantOnce(starts);
  }, 90_000);

  it('stops once the ensemble is removed (a delete marker in baton_ensembles)', async () => {
    const kv = await new Kvm(nc).open(layout.buckets.ensembles);
    await kv.delete(ENSEMBLE);
    const removedAt = Date.now();
    await sleep(4000);
    const starts = await cronStarts();
    expect(within(starts, removedAt + 1000, Date.now())).toEqual([]);
    expectEachInstantOnce(starts);
  }, 60_000);
});

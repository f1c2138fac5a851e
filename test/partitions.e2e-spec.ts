/**
 * Orchestrator replicas share the inbox partitions: with two orchestrators and two workers each
 * orchestrator reads half the partitions under their leases. One orchestrator is SIGKILLed in the
 * middle of a load of runs: the other takes its partitions over within seconds, and every run
 * started completes exactly once (one start, one result per agent, one end in its log).
 */
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import { natsLayout } from '@baton/messaging';
import { ROOT, waitFor, type Service } from './support/processes';
import { startStack, type Stack } from './support/stack';

const PARTITIONS = natsLayout().partitions;
/** Runs started, how many at once, and after how many the second orchestrator is killed. */
const LOAD = { runs: 240, concurrency: 8, killAfter: 80 };
/** A dead replica's leases expire after 5 s; its membership as well. */
const TAKEOVER_WITHIN_MS = 15_000;

let stack: Stack;
let second: Service;
let nc: NatsConnection;
let leases: KV;

beforeAll(async () => {
  stack = await startStack({ ensemblesDir: join(ROOT, 'test/fixtures/partitions') });
  second = await stack.replica('orchestrator');
  const secondWorker = await stack.replica('worker');
  await Promise.all([second.start(), secondWorker.start()]);
  nc = await connect({ servers: stack.nats.url });
  leases = await new Kvm(nc).open(natsLayout().buckets.leases);
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
});

/** Partition → the pid of the orchestrator holding its lease (owners are `<pid>-<random>`). */
async function partitionHolders(): Promise<Array<number | undefined>> {
  return Promise.all(
    Array.from({ length: PARTITIONS }, async (_, partition) => {
      const entry = await leases.get(`partition.${partition}`);
      if (entry === null || entry.operation !== 'PUT') return undefined;
      return Number(entry.json<{ owner: string }>().owner.split('-')[0]);
    }),
  );
}

const count = (holders: Array<number | undefined>, pid: number | undefined) =>
  holders.filter((holder) => holder === pid).length;

it('shares the partitions evenly between the two orchestrators', async () => {
  const first = stack.services.orchestrator.pid;
  const holders = await waitFor(
    'each orchestrator to hold half the partitions',
    async () => {
      const now = await partitionHolders();
      return count(now, first) === PARTITIONS / 2 && count(now, second.pid) === PARTITIONS / 2
        ? now
        : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  expect(holders.every((holder) => holder === first || holder === second.pid)).toBe(true);
});

it('runs every started run exactly once while an orchestrator is SIGKILLed mid-load, its partitions taken over within seconds', async () => {
  const survivor = stack.services.orchestrator.pid;
  const accepted: string[] = [];
  let next = 0;
  let takeoverMs = Number.POSITIVE_INFINITY;
  const failure = (async () => {
    await waitFor('the first runs', async () => accepted.length >= LOAD.killAfter || undefined, {
      timeoutMs: 120_000,
      intervalMs: 20,
    });
    await second.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'the surviving orchestrator to hold every partition',
      async () => (count(await partitionHolders(), survivor) === PARTITIONS ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    takeoverMs = Date.now() - killedAt;
  })();
  const senders = Array.from({ length: LOAD.concurrency }, async () => {
    while (next < LOAD.runs) {
      const n = next++;
      const started = await stack.api('/api/ensembles/relay/runs', { body: { n } });
      expect(started.status).toBe(202);
      accepted.push(started.body.runId);
    }
  });
  await Promise.all([...senders, failure]);
  expect(takeoverMs).toBeLessThan(TAKEOVER_WITHIN_MS);

  const runIds = [...new Set(accepted)];
  expect(runIds).toHaveLength(LOAD.runs);
  const unfinished = await waitFor(
    'every run to complete',
    async () => {
      const states = await Promise.all(
        runIds.map(async (runId) => [runId, (await stack.api(`/api/runs/${runId}`)).body.status] as const),
      );
      const left = states.filter(([, status]) => status !== 'completed');
      return left.length === 0 ? left : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 2000 },
  );
  expect(unfinished).toEqual([]);

  // Exactly once: one start, one success per agent and one end in each run's log, the right output.
  const doubled: string[] = [];
  for (const runId of runIds) {
    const { body: log } = await stack.api(`/api/runs/${runId}/events`);
    const types = (log.events as Array<{ type: string; data: { agent?: string } }>).map((event) =>
      event.type === 'AgentSucceeded' ? `AgentSucceeded:${event.data.agent}` : event.type,
    );
    for (const type of [
      'RunRequested',
      'RunStarted',
      'RunCompleted',
      'AgentSucceeded:parse',
      'AgentSucceeded:double',
      'AgentSucceeded:label',
    ]) {
      if (types.filter((seen) => seen === type).length !== 1) doubled.push(`${runId}: ${types.join(', ')}`);
    }
  }
  expect(doubled).toEqual([]);
  const { body: sample } = await stack.api(`/api/runs/${runIds[0]}`);
  expect(sample.output).toEqual({ label: expect.stringMatching(/^n-\d+$/) });

  // No run more than those started: the read model lists exactly them.
  const listed = new Set<string>();
  for (let cursor: string | null = ''; cursor !== null;) {
    const { body: page } = await stack.api(
      `/api/runs?ensemble=relay&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    (page.runs as Array<{ id: string }>).forEach((run) => listed.add(run.id));
    cursor = page.nextCursor;
  }
  expect([...listed].sort()).toEqual([...runIds].sort());
}, 420_000);

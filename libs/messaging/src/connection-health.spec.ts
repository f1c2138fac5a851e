import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from './connect-nats';
import { watchConnection, watchConsumerBacklog, type ConsumerBacklog } from './connection-health';
import { isolatedLayout, type IsolatedLayout } from './test-support/isolated-layout';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it is true; fails after `timeoutMs`. */
async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A nats-server of this spec's own: stopping the shared one would break every other spec. */
async function privateNats() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'baton-health-spec-'));
  let child: ChildProcess | undefined;
  const start = () => {
    child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
      stdio: 'ignore',
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child === undefined || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('watchConnection', () => {
  it('is not connected while NATS is away, with the reason, and connected again once the client is back', async () => {
    const nats = await privateNats();
    let nc: Awaited<ReturnType<typeof connectNats>> | undefined;
    await until('the private nats-server to accept connections', async () => {
      nc = await connectNats({ url: nats.url, name: 'health-spec', timeoutMs: 500 }).catch(() => undefined);
      return nc !== undefined;
    });
    if (nc === undefined) throw new Error('unreachable: until() connected');
    try {
      const state = watchConnection(nc);
      expect([state.connected, state.reason]).toEqual([true, undefined]);
      await nats.stop();
      await until('the disconnect to be noticed', () => !state.connected);
      expect(state.reason).toMatch(/^NATS (disconnected from|reconnecting)/);
      nats.start();
      await until('the client to reconnect', () => state.connected, 15_000);
      await nc.close();
      expect([state.connected, state.reason]).toEqual([false, 'the NATS connection is closed']);
    } finally {
      if (!nc.isClosed()) await nc.close();
      await nats.dispose();
    }
  }, 30_000);
});

describe('watchConsumerBacklog', () => {
  let env: IsolatedLayout;

  beforeAll(async () => {
    env = await isolatedLayout('backlog');
  });
  afterAll(() => env.teardown());

  it("reports each durable consumer's pending and in-flight messages", async () => {
    const reports: ConsumerBacklog[] = [];
    const { streams } = env.layout;
    const js = jetstream(env.nc);
    // Two starts of runs of one partition: its starts consumer holds both.
    const partition = env.layout.partitionOf('run-1');
    const second = ['run-2', 'run-3', 'run-4', 'run-5', 'run-6', 'run-7', 'run-8', 'run-9'].find(
      (runId) => env.layout.partitionOf(runId) === partition,
    );
    if (second === undefined) throw new Error('no second run id in the partition of run-1');
    await js.publish(env.layout.startSubject('run-1'), '{}');
    await js.publish(env.layout.startSubject(second), '{}');
    const consumer = `orchestrator-start-${partition}`;
    const watch = watchConsumerBacklog(
      env.nc,
      [
        { stream: streams.inbox, consumer },
        { stream: streams.runs, consumer: 'no-such-consumer' },
      ],
      (backlog) => reports.push(backlog),
      60_000,
    );
    await watch.refresh();
    watch.stop();
    // The unknown consumer is skipped, not fatal.
    expect(reports).toEqual([{ stream: streams.inbox, consumer, pending: 2, ackPending: 0 }]);
  });
});

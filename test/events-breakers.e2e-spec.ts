/**
 * Emitted events start the ensembles whose event trigger matches; removing an ensemble stops its
 * triggers and keeps its runs; circuit breakers defer refused attempts instead of spending them.
 * Real services, NATS and PostgreSQL; the remote endpoints are local HTTP servers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './support/processes';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
let flaky: Server;
let dead: Server;
/** Requests each Idempotency-Key made to the fails-once endpoint. */
const flakyRequests = new Map<string, number>();
let deadRequests = 0;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  // Fails each request (each idempotency key) once, then succeeds.
  flaky = await listen((request, response) => {
    request.resume();
    request.on('end', () => {
      const key = String(request.headers['idempotency-key']);
      const seen = (flakyRequests.get(key) ?? 0) + 1;
      flakyRequests.set(key, seen);
      if (seen === 1) response.writeHead(503).end('try again');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"charged":true}');
    });
  });
  dead = await listen((request, response) => {
    request.resume();
    deadRequests += 1;
    response.writeHead(503).end('down');
  });
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/events'),
    env: { FLAKY_URL: urlOf(flaky), DEAD_URL: urlOf(dead) },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  for (const server of [flaky, dead]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

async function start(ensemble: string, input: unknown = {}): Promise<string> {
  const started = await stack.api(`/api/ensembles/${ensemble}/runs`, { body: input });
  expect(started.status).toBe(202);
  return started.body.runId as string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event data as the API returns it
async function eventsOf(runId: string): Promise<Array<{ type: string; data: Record<string, any> }>> {
  return (await stack.api(`/api/runs/${runId}/events`)).body.events;
}

describe('emitted events', () => {
  it('start every ensemble whose event trigger matches, with the data as input, and the run says the event started it', async () => {
    const emitter = await stack.ended(await start('order-emitter', { orderId: 'o-1' }));
    expect(emitter.status).toBe('completed');
    expect(emitter.output.runIds).toHaveLength(1);
    const started = await stack.ended(emitter.output.runIds[0]);
    expect(started).toMatchObject({
      ensemble: 'on-order',
      status: 'completed',
      output: { orderId: 'o-1', trigger: 'event' },
    });
    const [requested] = await eventsOf(started.id);
    expect(requested).toMatchObject({
      type: 'RunRequested',
      data: {
        trigger: { type: 'event', event: 'order.created', from: { runId: emitter.id, agent: 'announce' } },
      },
    });
  });
});

describe('removing an ensemble', () => {
  it('stops its event trigger and webhook path, keeps its runs and history, and answers 404 the second time', async () => {
    const before = await stack.ended(await start('order-emitter', { orderId: 'o-2' }));
    const kept = before.output.runIds[0] as string;
    await stack.ended(kept);

    const removed = await stack.api('/api/ensembles/on-order', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ name: 'on-order', removed: true, revision: expect.any(Number) });

    expect((await stack.api('/api/ensembles/on-order')).status).toBe(404);
    const names = (await stack.api('/api/ensembles')).body.ensembles.map((e: { name: string }) => e.name);
    expect(names).not.toContain('on-order');
    // An event nobody listens to any more starts nothing; the emitting run still completes.
    const after = await stack.ended(await start('order-emitter', { orderId: 'o-3' }));
    expect(after).toMatchObject({ status: 'completed', output: { runIds: [] } });
    const hook = await fetch(`${stack.baseUrl}/webhooks/hooks/on-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(404);
    // The run it started before is kept, with its history.
    expect((await stack.api(`/api/runs/${kept}`)).body).toMatchObject({
      ensemble: 'on-order',
      status: 'completed',
    });
    expect((await eventsOf(kept)).length).toBeGreaterThan(0);

    const again = await stack.api('/api/ensembles/on-order', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe("no ensemble named 'on-order'");
  });

  it('answers 404 for a name no ensemble can have', async () => {
    const answer = await stack.api('/api/ensembles/Not_A_Name', { method: 'DELETE' });
    expect(answer.status).toBe(404);
  });
});

describe('circuit breakers', () => {
  it('never burn a run: 20 concurrent runs against an endpoint that fails each request once all complete', async () => {
    const runIds = await Promise.all(Array.from({ length: 20 }, (_, n) => start('fails-once', { n })));
    const runs = await Promise.all(runIds.map((id) => stack.ended(id, 90_000)));
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => 'completed'));
    for (const run of runs) expect(run.output).toEqual({ charged: true });
    // The breaker (volume 5) opened, and the attempts it refused were deferred, not failed.
    const events = (await Promise.all(runIds.map(eventsOf))).flat();
    const deferred = events.filter((event) => event.type === 'AgentDeferred');
    expect(deferred.length).toBeGreaterThan(0);
    expect(deferred[0].data).toMatchObject({ reason: 'breaker-open', error: { code: 'circuit-open' } });
    // No run spent an attempt on the open breaker: every failed attempt reached the endpoint.
    const failedAttempts = events.filter((event) => event.type === 'AgentFailed');
    expect(failedAttempts.every((event) => event.data.error.code === 'http-503')).toBe(true);
  }, 120_000);

  it('a dead host fails each run after its own attempts, each attempt reaching the host and recorded', async () => {
    const runIds = await Promise.all([1, 2, 3].map(() => start('dead-host')));
    const runs = await Promise.all(runIds.map((id) => stack.ended(id, 90_000)));
    expect(runs.map((run) => run.status)).toEqual(['failed', 'failed', 'failed']);
    for (const run of runs) {
      expect(run.agents.call).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'http-503' } });
      const failed = (await eventsOf(run.id)).filter((event) => event.type === 'AgentFailed');
      expect(failed.map((event) => [event.data.attempt, event.data.error.code, event.data.final])).toEqual([
        [1, 'http-503', false],
        [2, 'http-503', true],
      ]);
    }
    // Six attempts, six requests: the ones the breaker refused were deferred, never counted.
    expect(deadRequests).toBe(6);
  }, 120_000);
});

/**
 * The path a webhook takes, end to end: the real services as processes, over a private NATS with
 * JetStream and a private PostgreSQL database, spoken to over HTTP.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { RunEvent } from '@baton/engine';
import { ROOT, waitFor } from './support/processes';
import { startPricingServer, type PricingServer } from './support/pricing-server';
import { hexHmac } from './support/signing';
import { startStack, type Stack } from './support/stack';

const SECRET = 'e2e-webhook-secret-3f9a';
const GENERIC_SECRET = 'e2e-generic-secret-81b2';
let stack: Stack;
let pricing: PricingServer;

async function sendOrder(
  customer: string,
  deliveryId: string,
  items = [
    { sku: 'A', qty: 1 },
    { sku: 'B', qty: 2 },
  ],
) {
  const body = JSON.stringify({ customer, items });
  const res = await fetch(`${stack.baseUrl}/webhooks/e2e/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': hexHmac(SECRET, body),
      'x-delivery-id': deliveryId,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { runId: string; duplicate: boolean } };
}

async function events(runId: string): Promise<RunEvent[]> {
  return (await stack.api(`/api/runs/${runId}/events`)).body.events;
}

/** Each (agent, iteration) succeeded exactly once: no step result was applied twice. */
function expectEachStepAppliedOnce(log: RunEvent[]) {
  const seen = new Map<string, number>();
  for (const event of log) {
    if (event.type !== 'AgentSucceeded' || event.data.level !== 'attempt') continue;
    const key = `${event.data.agent}#${event.data.iteration}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  expect([...seen.values()].every((count) => count === 1)).toBe(true);
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
}

async function inboxLastSeq(): Promise<number> {
  const nc = await connect({ servers: stack.nats.url });
  try {
    return (await (await jetstreamManager(nc)).streams.info('BATON_INBOX')).state.last_seq;
  } finally {
    await nc.close();
  }
}

beforeAll(async () => {
  pricing = await startPricingServer();
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/ensembles'),
    env: {
      E2E_WEBHOOK_SECRET: SECRET,
      E2E_PRICING_URL: pricing.url,
      MAX_BODY_BYTES: '65536',
      WEBHOOK_SECRET: GENERIC_SECRET,
    },
  });
  const db = new Client({ connectionString: stack.database.url });
  await db.connect();
  await db.query('CREATE TABLE e2e_stock (sku text PRIMARY KEY, quantity int NOT NULL)');
  await db.query(`INSERT INTO e2e_stock VALUES ('A', 5), ('B', 5)`);
  await db.end();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await pricing?.close();
});

describe('a signed webhook', () => {
  it('runs the ensemble through a parallel block, a loop, a condition, a data query, an http call and a queue send', async () => {
    const sent = await sendOrder('ada', 'delivery-1');
    expect(sent).toEqual({ status: 202, body: { runId: expect.any(String), duplicate: false } });

    const run = await stack.ended(sent.body.runId);
    expect(run).toMatchObject({ id: sent.body.runId, ensemble: 'order-intake', status: 'completed' });
    expect(run.output).toEqual({ reserved: 2, total: 30, shipments: [expect.any(String)] });
    expect(run.agents.stock).toMatchObject({
      status: 'succeeded',
      output: [[{ sku: 'A', quantity: 5 }], [{ sku: 'B', quantity: 5 }]],
    });
    expect(run.agents.price).toMatchObject({ status: 'succeeded', output: { total: 30 }, attempts: 1 });
    expect(run.agents.reserve).toMatchObject({ status: 'succeeded', output: { reserved: 2 } });
    expect(run.input.webhook).toMatchObject({ id: 'delivery-1', path: '/e2e/orders', scheme: 'hmac-sha256' });

    const [call] = pricing.calls.filter((c) => c.headers['x-customer'] === 'ada');
    expect(call.headers['idempotency-key']).toBe(`${sent.body.runId}:price:0`);

    const shipment = await stack.ended(run.output.shipments[0]);
    expect(shipment).toMatchObject({
      ensemble: 'ship-order',
      status: 'completed',
      output: { label: 'SHIP-ADA-30' },
    });

    const timeline = await events(sent.body.runId);
    expect(timeline[0].type).toBe('RunRequested');
    expect(timeline.at(-1)?.type).toBe('RunCompleted');
    expectEachStepAppliedOnce(timeline);
    // A worker's agent: scheduled, started by the worker (its own clock), then succeeded, the start
    // recorded in the outcome's decision; the summary splits its time into queueing and running.
    const reserved = timeline.filter((e) => (e.data as { agent?: string }).agent === 'reserve');
    expect(reserved.map((e) => e.type)).toEqual(['AgentScheduled', 'AgentStarted', 'AgentSucceeded']);
    const startedAt = (reserved[1].data as { startedAt: string }).startedAt;
    expect(Date.parse(startedAt)).toBeGreaterThanOrEqual(Date.parse(reserved[0].at));
    expect(Date.parse(startedAt)).toBeLessThanOrEqual(Date.parse(reserved[2].at));
    expect(reserved[1].causationId).toBe(reserved[2].causationId);
    expect(run.agents.reserve).toMatchObject({ queuedMs: expect.any(Number), runningMs: expect.any(Number) });

    const listed = await waitFor('the run in the read model', async () => {
      const { body } = await stack.api('/api/runs?ensemble=order-intake&status=completed');
      return body.runs?.some((r: { id: string }) => r.id === sent.body.runId) ? body : undefined;
    });
    expect(listed.runs[0]).toMatchObject({ ensemble: 'order-intake' });
  });

  it('skips the reservation and the queue send when stock is short', async () => {
    const sent = await sendOrder('bob', 'delivery-short', [{ sku: 'A', qty: 50 }]);
    const run = await stack.ended(sent.body.runId);
    expect(run.status).toBe('completed');
    expect(run.agents.reserve.status).toBe('skipped');
    expect(run.agents.ship.status).toBe('skipped');
    expect(run.output).toEqual({ reserved: 0, total: 500, shipments: [] });
  });

  it('starts one run however often, and however concurrently, a delivery is repeated', async () => {
    const first = await sendOrder('cy', 'delivery-dup');
    const again = await sendOrder('cy', 'delivery-dup');
    expect(again).toEqual({ status: 202, body: { runId: first.body.runId, duplicate: true } });

    const burst = await Promise.all(Array.from({ length: 6 }, () => sendOrder('dee', 'delivery-burst')));
    expect(new Set(burst.map((b) => b.body.runId)).size).toBe(1);
    expect(burst.filter((b) => !b.body.duplicate)).toHaveLength(1);

    await stack.ended(first.body.runId);
    await stack.ended(burst[0].body.runId);
    expect(pricing.calls.filter((c) => c.headers['x-customer'] === 'cy')).toHaveLength(1);
    expect(pricing.calls.filter((c) => c.headers['x-customer'] === 'dee')).toHaveLength(1);
  });
});

describe('the generic webhook endpoint', () => {
  it('starts the named ensemble with the given inputs when X-Webhook-Signature matches WEBHOOK_SECRET', async () => {
    const body = JSON.stringify({ workflow_name: 'ship-order', inputs: { customer: 'gen', total: 5 } });
    const res = await fetch(`${stack.baseUrl}/webhooks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': hexHmac(GENERIC_SECRET, body) },
      body,
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(await stack.ended(runId)).toMatchObject({ status: 'completed', output: { label: 'SHIP-GEN-5' } });
  });

  it('refuses a signature made with another secret, and a body naming no ensemble', async () => {
    const body = JSON.stringify({ ensemble: 'ship-order', input: {} });
    const forged = await fetch(`${stack.baseUrl}/webhooks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': hexHmac('other', body) },
      body,
    });
    expect(forged.status).toBe(401);
    const nameless = JSON.stringify({ inputs: {} });
    const res = await fetch(`${stack.baseUrl}/webhooks/generic`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': hexHmac(GENERIC_SECRET, nameless),
      },
      body: nameless,
    });
    expect(res.status).toBe(400);
  });
});

describe('two orchestrator replicas', () => {
  it('share the inbox without corrupting a run', async () => {
    const second = await stack.replica('orchestrator');
    await second.start();
    try {
      const sent = await Promise.all(
        Array.from({ length: 12 }, (_, i) => sendOrder(`replica-${i}`, `delivery-replica-${i}`)),
      );
      for (const { body } of sent) {
        const run = await stack.ended(body.runId);
        expect(run.status).toBe('completed');
        expectEachStepAppliedOnce(await events(body.runId));
      }
    } finally {
      await second.kill();
    }
  });
});

describe('a rejected request starts nothing', () => {
  const body = JSON.stringify({ customer: 'eve', items: [] });
  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    [
      'a bad signature',
      () => post('/webhooks/e2e/orders', body, { 'x-webhook-signature': hexHmac('wrong', body) }),
      401,
      'bad-signature',
    ],
    ['a missing signature', () => post('/webhooks/e2e/orders', body, {}), 401, 'missing-signature'],
    [
      'a wrong content type',
      () =>
        post('/webhooks/e2e/orders', body, { 'x-webhook-signature': hexHmac(SECRET, body) }, 'text/plain'),
      415,
      'unsupported_media_type',
    ],
    [
      'bad JSON',
      () => post('/webhooks/e2e/orders', '{nope', { 'x-webhook-signature': hexHmac(SECRET, '{nope') }),
      400,
      'bad_request',
    ],
    [
      'an oversize body',
      () => post('/webhooks/e2e/orders', 'x'.repeat(70_000), {}),
      413,
      'payload_too_large',
    ],
    [
      'an unknown path',
      () => post('/webhooks/e2e/nowhere', body, { 'x-webhook-signature': hexHmac(SECRET, body) }),
      404,
      'not_found',
    ],
    [
      'input that fails the schema',
      () => post('/api/ensembles/typed-signup/runs', '{"email": 3}', {}),
      422,
      'invalid_input',
    ],
    ['an unknown ensemble', () => post('/api/ensembles/nothing-here/runs', '{}', {}), 404, 'not_found'],
  ];

  function post(path: string, payload: string, headers: Record<string, string>, type = 'application/json') {
    return fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...headers },
      body: payload,
    });
  }

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await inboxLastSeq();
    const res = await send();
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String) }),
    });
    expect(await inboxLastSeq()).toBe(before);
  });
});

describe('crashes', () => {
  it('a run completes with no step applied twice when the orchestrator is killed mid-run', async () => {
    pricing.delayFor('kill-orchestrator', 1500);
    const sent = await sendOrder('kill-orchestrator', 'delivery-kill-orchestrator');
    await waitFor('the price call in flight', async () =>
      pricing.calls.some((c) => c.headers['x-customer'] === 'kill-orchestrator'),
    );
    await stack.services.orchestrator.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 2000)); // the worker's result waits in the inbox
    await stack.services.orchestrator.start();
    const run = await stack.ended(sent.body.runId);
    expect(run.status).toBe('completed');
    expectEachStepAppliedOnce(await events(sent.body.runId));
  });

  it('a run completes with no step applied twice when the worker is killed mid-task', async () => {
    pricing.delayFor('kill-worker', 3000);
    const sent = await sendOrder('kill-worker', 'delivery-kill-worker');
    await waitFor('the price call in flight', async () =>
      pricing.calls.some((c) => c.headers['x-customer'] === 'kill-worker'),
    );
    await stack.services.worker.kill('SIGKILL');
    await stack.services.worker.start();
    // The task is redelivered once its ack wait (30 s) lapses, with the same idempotency key.
    const run = await stack.ended(sent.body.runId, 90_000);
    expect(run.status).toBe('completed');
    const calls = pricing.calls.filter((c) => c.headers['x-customer'] === 'kill-worker');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
    expectEachStepAppliedOnce(await events(sent.body.runId));
  }, 120_000);
});

describe('a Conductor-style ensemble registered by config_path', () => {
  it('runs unmodified: seed-style script, component schema, condition on a skipped agent, INSERT then SELECT', async () => {
    const configPath = join(ROOT, 'test/fixtures/conductor-style/intake.yaml');
    const registered = await stack.api('/api/ensembles', {
      body: { name: 'conductor-intake', config_path: configPath },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ name: 'conductor-intake', created: true });

    const started = await stack.api('/api/ensembles/conductor-intake/runs?wait=60s', {
      body: { email: '  Ada@Example.com ', plan: 'pro' },
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'completed' });
    expect(started.body.output).toEqual({
      valid: true,
      vip: 'regular',
      vipSkipped: true,
      stored: [{ email: 'ada@example.com', plan: 'pro' }],
    });
  });
});

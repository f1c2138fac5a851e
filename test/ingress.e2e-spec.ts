/**
 * Ingress through the real signers of each scheme (Stripe's, GitHub's and Standard Webhooks' own
 * libraries), the API key, the API routes, and PostgreSQL going away and coming back.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { loadOctokitWebhooksMethods } from '../libs/signatures/src/testing/octokit-webhooks-methods';
import { ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const API_KEY = 'e2e-api-key-7c1d';
const STRIPE_SECRET = 'whsec_stripe_e2e_secret';
const GITHUB_SECRET = 'github-e2e-secret';
const STANDARD_SECRET = `whsec_${Buffer.from('standard-webhooks-e2e-secret-32b').toString('base64')}`;
const auth = { authorization: `Bearer ${API_KEY}` };

let stack: Stack;
let pgProxy: TcpProxy;

beforeAll(async () => {
  pgProxy = await startTcpProxy(5432);
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/ingress'),
    env: ({ database }) => ({
      BATON_API_KEY: API_KEY,
      E2E_STRIPE_SECRET: STRIPE_SECRET,
      E2E_GITHUB_SECRET: GITHUB_SECRET,
      E2E_STANDARD_WEBHOOKS_SECRET: STANDARD_SECRET,
      // Every service reaches PostgreSQL through a proxy the test can cut.
      DATABASE_URL: database.url.replace(':5432/', `:${pgProxy.port}/`),
    }),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await pgProxy?.close();
});

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function runOutput(runId: string) {
  return waitFor(`run ${runId} to complete`, async () => {
    const { body } = await stack.api(`/api/runs/${runId}`, { headers: auth });
    return body.status === 'completed' ? body.output : undefined;
  });
}

describe('webhook schemes, verified against the senders’ own signing libraries', () => {
  it('stripe: a Stripe-Signature made by the stripe package starts a run; the event id dedupes', async () => {
    const payload = JSON.stringify({ id: 'evt_e2e_1', type: 'charge.succeeded' });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
    const first = await post('/webhooks/e2e/stripe', payload, { 'stripe-signature': header });
    expect(first).toEqual({ status: 202, body: { runId: expect.any(String), duplicate: false } });
    expect(await runOutput(first.body.runId)).toEqual({ id: 'evt_e2e_1', type: 'charge.succeeded' });
    const replayed = await post('/webhooks/e2e/stripe', payload, { 'stripe-signature': header });
    expect(replayed).toEqual({ status: 202, body: { runId: first.body.runId, duplicate: true } });
  });

  it('stripe: a timestamp older than the tolerance is refused', async () => {
    const payload = JSON.stringify({ id: 'evt_e2e_old' });
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: STRIPE_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const res = await post('/webhooks/e2e/stripe', payload, { 'stripe-signature': header });
    expect(res).toEqual({
      status: 401,
      body: { error: expect.objectContaining({ code: 'stale-timestamp' }) },
    });
  });

  it('github: X-Hub-Signature-256 from @octokit/webhooks-methods; X-GitHub-Delivery dedupes', async () => {
    const { sign } = await loadOctokitWebhooksMethods();
    const payload = JSON.stringify({ action: 'opened', number: 7 });
    const headers = {
      'x-hub-signature-256': await sign(GITHUB_SECRET, payload),
      'x-github-delivery': 'gh-delivery-1',
    };
    const first = await post('/webhooks/e2e/github', payload, headers);
    expect(first.status).toBe(202);
    expect(await runOutput(first.body.runId)).toEqual({ action: 'opened', number: 7 });
    expect(await post('/webhooks/e2e/github', payload, headers)).toEqual({
      status: 202,
      body: { runId: first.body.runId, duplicate: true },
    });
    const forged = await post('/webhooks/e2e/github', payload, {
      ...headers,
      'x-hub-signature-256': await sign('wrong', payload),
    });
    expect(forged).toEqual({
      status: 401,
      body: { error: expect.objectContaining({ code: 'bad-signature' }) },
    });
  });

  it('logs every github request in webhook_logs (accepted, duplicate, refused) without its signature', async () => {
    const { sign } = await loadOctokitWebhooksMethods();
    const payload = JSON.stringify({ action: 'closed', number: 8 });
    const signature = await sign(GITHUB_SECRET, payload);
    const headers = { 'x-hub-signature-256': signature, 'x-github-delivery': 'gh-delivery-logged' };
    const first = await post('/webhooks/e2e/github', payload, headers);
    await post('/webhooks/e2e/github', payload, headers);
    await post('/webhooks/e2e/github', payload, {
      ...headers,
      'x-hub-signature-256': await sign('x', payload),
    });
    const db = new Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      // Lines are written in batches, off the request path. These three requests only: a refused
      // request has no delivery id of record (another test's 401 is on the same path), but its
      // logged header names the delivery.
      const rows = await waitFor('the three webhook log lines', async () => {
        const { rows } = await db.query(
          `select delivery_id, run_id, duplicate, status_code, error_code, headers::text
             from baton.webhook_logs where trigger_path = '/e2e/github'
             and headers->>'x-github-delivery' = 'gh-delivery-logged' order by received_at`,
        );
        return rows.length >= 3 ? rows : undefined;
      });
      expect(rows).toEqual([
        expect.objectContaining({
          delivery_id: 'gh-delivery-logged',
          run_id: first.body.runId,
          duplicate: false,
          status_code: 202,
        }),
        expect.objectContaining({
          delivery_id: 'gh-delivery-logged',
          run_id: first.body.runId,
          duplicate: true,
          status_code: 202,
        }),
        expect.objectContaining({ run_id: null, status_code: 401, error_code: 'bad-signature' }),
      ]);
      for (const row of rows) {
        expect(row.headers).toContain('x-github-delivery');
        expect(row.headers).not.toContain(signature.slice('sha256='.length));
        expect(row.headers).not.toContain('x-hub-signature');
      }
    } finally {
      await db.end();
    }
  });

  it('standard-webhooks: webhook-id/-timestamp/-signature from the standardwebhooks package; webhook-id dedupes', async () => {
    const payload = JSON.stringify({ type: 'invoice.paid', amount: 42 });
    const now = new Date();
    const signature = new Webhook(STANDARD_SECRET).sign('msg_e2e_1', now, payload);
    const headers = {
      'webhook-id': 'msg_e2e_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const first = await post('/webhooks/e2e/standard-webhooks', payload, headers);
    expect(first.status).toBe(202);
    expect(await runOutput(first.body.runId)).toEqual({ type: 'invoice.paid', amount: 42 });
    expect((await post('/webhooks/e2e/standard-webhooks', payload, headers)).body).toEqual({
      runId: first.body.runId,
      duplicate: true,
    });
    const missing = await post('/webhooks/e2e/standard-webhooks', payload, { 'webhook-id': 'msg_e2e_2' });
    expect(missing).toEqual({
      status: 401,
      body: { error: expect.objectContaining({ code: 'missing-signature' }) },
    });
  });
});

describe('the API', () => {
  it('answers 401 without the API key, and with a wrong one', async () => {
    expect((await stack.api('/api/ensembles')).status).toBe(401);
    expect((await stack.api('/api/ensembles', { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    const listed = await stack.api('/api/ensembles', { headers: auth });
    expect(listed.status).toBe(200);
    expect(listed.body.ensembles.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining([
        'approval',
        'slow',
        'one-per-account',
        'stripe-hook',
        'github-hook',
        'standard-webhooks-hook',
      ]),
    );
  });

  it('resolves a wait by its key, and the run ends with the resolution', async () => {
    const started = await stack.api('/api/ensembles/approval/runs', { body: { id: 'a1' }, headers: auth });
    expect(started.status).toBe(202);
    await waitFor('the wait to open', async () => {
      const res = await stack.api('/api/waits/approval-a1', {
        body: { action: 'approve', by: 'ops' },
        headers: auth,
      });
      return res.status === 202 ? res : undefined;
    });
    expect(await runOutput(started.body.runId)).toEqual({ action: 'approve' });
    expect(
      (await stack.api('/api/waits/approval-a1', { body: { action: 'approve' }, headers: auth })).status,
    ).toBe(404);
  });

  it('cancels a waiting run, refuses to cancel it twice, and reruns it with the same input', async () => {
    const started = await stack.api('/api/ensembles/approval/runs', { body: { id: 'c1' }, headers: auth });
    await waitFor('the run to wait', async () => {
      const { body } = await stack.api(`/api/runs/${started.body.runId}`, { headers: auth });
      return body.agents?.decide?.status === 'waiting' || undefined;
    });
    expect(
      (await stack.api(`/api/runs/${started.body.runId}/cancel`, { method: 'POST', headers: auth })).status,
    ).toBe(202);
    await waitFor('the run to be cancelled', async () => {
      const { body } = await stack.api(`/api/runs/${started.body.runId}`, { headers: auth });
      return body.status === 'cancelled' || undefined;
    });
    expect(
      (await stack.api(`/api/runs/${started.body.runId}/cancel`, { method: 'POST', headers: auth })).status,
    ).toBe(409);

    const rerun = await stack.api(`/api/runs/${started.body.runId}/rerun`, { method: 'POST', headers: auth });
    expect(rerun.status).toBe(202);
    expect(rerun.body.runId).not.toBe(started.body.runId);
    const events = await waitFor('the rerun to start', async () => {
      const res = await stack.api(`/api/runs/${rerun.body.runId}/events`, { headers: auth });
      return res.status === 200 ? res.body.events : undefined;
    });
    expect(events[0]).toMatchObject({
      type: 'RunRequested',
      data: { input: { id: 'c1' }, trigger: { type: 'rerun' } },
    });
  });

  it('waits for a run with ?wait= and answers 202 when it does not end in time', async () => {
    const done = await stack.api('/api/ensembles/slow/runs?wait=20s', { body: { n: 1 }, headers: auth });
    expect(done).toMatchObject({ status: 200, body: { status: 'completed', output: 2 } });
    const pending = await stack.api('/api/ensembles/slow/runs?wait=200ms', { body: { n: 1 }, headers: auth });
    expect(pending).toEqual({ status: 202, body: { runId: expect.any(String) } });
  });

  it('registers YAML, refuses an invalid definition with its line and column, and a webhook path taken by another ensemble', async () => {
    const yaml = (name: string, path: string) =>
      `ensemble: ${name}\ntrigger:\n  - type: webhook\n    path: ${path}\n    auth: { scheme: none }\nagents:\n  - name: a\n    operation: transform\n    config: { value: 1 }\n`;
    const headers = { ...auth, 'content-type': 'application/yaml' };
    const created = await stack.api('/api/ensembles', { body: yaml('fresh', '/e2e/fresh'), headers });
    expect(created).toMatchObject({ status: 201, body: { name: 'fresh', created: true } });
    const same = await stack.api('/api/ensembles', { body: yaml('fresh', '/e2e/fresh'), headers });
    expect(same).toMatchObject({ status: 200, body: { created: false, revision: created.body.revision } });

    const edited = await stack.api('/api/ensembles', {
      body: yaml('fresh', '/e2e/fresh').replace('value: 1', 'value: 2'),
      headers,
    });
    expect(edited).toMatchObject({ status: 201, body: { created: true } });
    const shown = await stack.api('/api/ensembles/fresh', { headers: auth });
    expect(shown.body).toMatchObject({
      revision: edited.body.revision,
      revisions: [created.body.revision, edited.body.revision],
    });

    const taken = await stack.api('/api/ensembles', { body: yaml('other', '/e2e/fresh'), headers });
    expect(taken.status).toBe(409);

    const invalid = await stack.api('/api/ensembles', {
      body: 'ensemble: broken\nagents:\n  - name: a\n    operation: tranform\n',
      headers,
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.issues[0]).toMatchObject({
      line: 4,
      column: expect.any(Number),
      code: 'unknown-operation',
    });
    expect(invalid.body.error.details.issues[0].message).toContain('transform');
  });
});

describe('ensemble concurrency', () => {
  it('runs one run per key at a time, queueing the others, and all of them finish', async () => {
    const started = [];
    for (const n of [1, 2, 3]) {
      started.push(
        await stack.api('/api/ensembles/one-per-account/runs', {
          body: { account: 'acme', n },
          headers: auth,
        }),
      );
    }
    const other = await stack.api('/api/ensembles/one-per-account/runs', {
      body: { account: 'globex', n: 9 },
      headers: auth,
    });
    const runs = [];
    for (const { body } of [...started, other]) {
      expect(await runOutput(body.runId)).toEqual(expect.any(Number));
      runs.push((await stack.api(`/api/runs/${body.runId}`, { headers: auth })).body);
    }
    const acme = runs.slice(0, 3).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    // Starts a moment apart may reach the slot in either order; what holds is one at a time.
    expect(acme.map((run) => run.output).sort()).toEqual([1, 2, 3]);
    for (let i = 1; i < acme.length; i++) {
      expect(Date.parse(acme[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(acme[i - 1].finishedAt));
    }
    // Another key is not held back by acme's queue.
    expect(Date.parse(runs[3].startedAt)).toBeLessThan(Date.parse(acme[1].startedAt));
  });
});

describe('PostgreSQL down', () => {
  it('ingress keeps accepting webhooks and runs finish; the read models and every webhook log line catch up when it is back', async () => {
    await pgProxy.cut();
    const { sign } = await loadOctokitWebhooksMethods();
    const payload = JSON.stringify({ action: 'while-pg-down' });
    const signature = await sign(GITHUB_SECRET, payload);
    const deliveries = Array.from({ length: 12 }, (_, index) => `gh-pg-down-${index}`);
    const answers = await Promise.all(
      deliveries.map((delivery) =>
        post('/webhooks/e2e/github', payload, {
          'x-hub-signature-256': signature,
          'x-github-delivery': delivery,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(deliveries.map(() => 202));
    const sent = answers[0];
    // A duplicate and a forged delivery: refused and duplicate requests are logged too.
    expect(
      (
        await post('/webhooks/e2e/github', payload, {
          'x-hub-signature-256': signature,
          'x-github-delivery': deliveries[0],
        })
      ).body.duplicate,
    ).toBe(true);
    const forged = await post('/webhooks/e2e/github', payload, {
      'x-hub-signature-256': await sign('not the secret', payload),
      'x-github-delivery': 'gh-pg-down-forged',
    });
    expect(forged.status).toBe(401);
    expect(await runOutput(sent.body.runId)).toEqual({ action: 'while-pg-down' });
    expect((await stack.api('/api/runs?ensemble=github-hook', { headers: auth })).status).toBe(503);

    await pgProxy.open();
    const listed = await waitFor(
      'the read models to catch up',
      async () => {
        const { status, body } = await stack.api('/api/runs?ensemble=github-hook&status=completed', {
          headers: auth,
        });
        return status === 200 && body.runs.some((r: { id: string }) => r.id === sent.body.runId)
          ? body
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(listed.runs.length).toBeGreaterThanOrEqual(1);

    const db = new Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      const lines = await waitFor(
        'every webhook log line of the outage',
        async () => {
          const { rows } = await db.query(
            `select headers->>'x-github-delivery' as delivery, status_code, duplicate, run_id
               from baton.webhook_logs where headers->>'x-github-delivery' like 'gh-pg-down-%'`,
          );
          return rows.length >= deliveries.length + 2 ? rows : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(lines).toHaveLength(deliveries.length + 2);
      const ofDelivery = (delivery: string) =>
        lines.filter((line: { delivery: string }) => line.delivery === delivery);
      for (const [index, delivery] of deliveries.entries()) {
        expect(ofDelivery(delivery).map((line: { run_id: string }) => line.run_id)).toContain(
          answers[index].body.runId,
        );
      }
      expect(
        ofDelivery(deliveries[0])
          .map((line: { duplicate: boolean }) => line.duplicate)
          .sort(),
      ).toEqual([false, true]);
      expect(ofDelivery('gh-pg-down-forged')).toEqual([
        expect.objectContaining({ status_code: 401, duplicate: false, run_id: null }),
      ]);
    } finally {
      await db.end();
    }
  }, 150_000);
});

describe('NATS restarting', () => {
  it('a run in flight completes after NATS restarts, with no step applied twice', async () => {
    const started = await stack.api('/api/ensembles/slow/runs', { body: { n: 41 }, headers: auth });
    expect(started.status).toBe(202);
    await stack.nats.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await stack.nats.start();
    expect(await runOutput(started.body.runId)).toBe(42);
    const { body } = await stack.api(`/api/runs/${started.body.runId}/events`, { headers: auth });
    const succeeded = body.events
      .filter((e: { type: string }) => e.type === 'AgentSucceeded')
      .map((e: { data: { agent: string } }) => e.data.agent);
    expect(succeeded.sort()).toEqual(['first', 'last', 'pause']);
  }, 90_000);
});

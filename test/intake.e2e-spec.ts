/**
 * Intake under a backlog: with no orchestrator taking starts, ingress accepts runs until the start
 * backlog passes BATON_MAX_START_BACKLOG, then answers new starts 503 with Retry-After (nothing
 * accepted) while duplicates of accepted deliveries still answer as before; once an orchestrator
 * takes the backlog, starts are accepted again and every accepted run completes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort, ROOT, waitFor } from './support/processes';
import { hexHmac } from './support/signing';
import { startStack, type Stack } from './support/stack';

const SECRET = 'e2e-intake-secret-5d1e';
const LIMIT = 3;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/intake'),
    env: { E2E_INTAKE_SECRET: SECRET, BATON_MAX_START_BACKLOG: String(LIMIT) },
    defer: ['orchestrator'],
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function webhook(deliveryId: string) {
  const body = JSON.stringify({ name: deliveryId });
  const res = await fetch(`${stack.baseUrl}/webhooks/intake/greet`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': hexHmac(SECRET, body),
      'x-delivery-id': deliveryId,
    },
    body,
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function apiStart() {
  const res = await fetch(`${stack.baseUrl}/api/ensembles/greet/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('the start backlog', () => {
  const accepted: string[] = [];
  let refusedDelivery = '';

  it('accepts starts until too many wait, then refuses new ones with 503 and Retry-After, accepting nothing', async () => {
    // The backlog is read once a second: keep starting until ingress sees it past the limit.
    const refused = await waitFor(
      'ingress to refuse a start',
      async () => {
        refusedDelivery = `delivery-${accepted.length}`;
        const answer = await webhook(refusedDelivery);
        if (answer.status === 202) accepted.push(answer.body.runId);
        return answer.status === 202 ? undefined : answer;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(accepted.length).toBeGreaterThan(LIMIT);
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({
      error: {
        code: 'start_backlog_full',
        message: expect.stringMatching(
          /^too many runs are waiting to start \(\d+, the limit is 3\): nothing was accepted/,
        ),
        details: { backlog: expect.any(Number), limit: LIMIT, retryAfterSeconds: Number(refused.retryAfter) },
      },
    });
    const api = await apiStart();
    expect([api.status, Number(api.retryAfter) >= 1, api.body.error.code]).toEqual([
      503,
      true,
      'start_backlog_full',
    ]);
  });

  it('still answers a duplicate of an accepted delivery as before', async () => {
    const again = await webhook('delivery-0');
    expect(again).toMatchObject({ status: 202, body: { runId: accepted[0], duplicate: true } });
  });

  it('accepts starts again once an orchestrator takes the backlog, and runs every accepted one', async () => {
    await stack.services.orchestrator.start();
    const later = await waitFor(
      'ingress to accept starts again',
      async () => {
        const answer = await webhook(`delivery-after-${Date.now()}`);
        return answer.status === 202 ? answer : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(later.body).toEqual({ runId: expect.any(String), duplicate: false });
    // Nothing of the refused delivery was kept: sent again now, it is a new delivery, not a duplicate.
    const retried = await webhook(refusedDelivery);
    expect(retried).toMatchObject({ status: 202, body: { duplicate: false } });
    accepted.push(retried.body.runId);
    for (const runId of [...accepted, later.body.runId]) {
      await waitFor(`run ${runId} to complete`, async () => {
        const { body } = await stack.api(`/api/runs/${runId}`);
        return body.status === 'completed' ? true : undefined;
      });
    }
  });
});

describe('the partition count', () => {
  it('is the stack’s: a service with another BATON_PARTITIONS refuses to start, saying what to set', async () => {
    const scheduler = spawn(process.execPath, [join(ROOT, 'dist/apps/scheduler/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NATS_URL: stack.nats.url,
        HEALTH_PORT: String(await freePort()),
        BATON_PARTITIONS: '4',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    scheduler.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(scheduler, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toContain(
      'scheduler failed to start: BATON_INBOX was provisioned with 8 partitions (its consumers orchestrator-start-<p>), ' +
        'but this service has BATON_PARTITIONS=4.',
    );
    expect(stderr).toContain('set BATON_PARTITIONS=8');
  });
});

/**
 * The notifier through the real services: signed webhooks that fail their first attempts and are
 * retried on the (scaled) schedule with the same delivery id, Standard Webhooks verified by the
 * standardwebhooks package, a notifier SIGKILLed between two attempts that loses nothing, a 410
 * that is never retried and a redelivery by hand, emails parsed by a real SMTP server, and the
 * deliveries in `GET /api/runs/<id>/deliveries` and `baton runs show`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import {
  startFakeSmtp,
  startWebhookReceiver,
  type FakeSmtp,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '@baton/provider-fakes';
import { baton } from './support/baton-cli';
import { ROOT, waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

const HOOK_SECRET = 'c4nary-notifier-e2e-hook-3391';
const SMTP_PASSWORD = 'c4nary-notifier-e2e-smtp-3391';
const STANDARD_SECRET = `whsec_${Buffer.from('notifier-e2e-standard-secret-32b').toString('base64')}`;
/** The schedule runs 50 times faster: 1 s, 5 s, 30 s, 2 min, 5 min become 20 ms … 6 s. */
const TIME_SCALE = 0.02;

let stack: Stack;
let receiver: WebhookReceiver;
let smtp: FakeSmtp;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  smtp = await startFakeSmtp({ users: { notifier: SMTP_PASSWORD } });
  stack = await startStack({
    ensemblesDir: join(ROOT, 'test/fixtures/notifier'),
    env: {
      HOOKS_URL: receiver.baseUrl,
      HOOK_SECRET,
      STANDARD_SECRET,
      SMTP_URL: smtp.url({ user: 'notifier', password: SMTP_PASSWORD }),
      NOTIFIER_TIME_SCALE: String(TIME_SCALE),
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
  await smtp?.close();
});

/** The receiver's own check of dsl.md's signature: hex HMAC-SHA256 of "<timestamp>.<raw body>". */
function signedByUs(request: ReceivedWebhook): boolean {
  const timestamp = String(request.headers['x-conductor-timestamp']);
  const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${request.raw}`).digest('hex')}`;
  const received = String(request.headers['x-conductor-signature'] ?? '');
  return expected.length === received.length && timingSafeEqual(Buffer.from(expected), Buffer.from(received));
}

async function start(ensemble: string, input: unknown = {}): Promise<string> {
  const started = await stack.api(`/api/ensembles/${ensemble}/runs`, { body: input });
  expect(started.status).toBe(202);
  return started.body.runId as string;
}

const requestsAt = (path: string, count: number, timeoutMs = 30_000) =>
  waitFor(
    `${count} requests at ${path}`,
    async () => receiver.receivedAt(path).length >= count || undefined,
    {
      timeoutMs,
      intervalMs: 20,
    },
  ).then(() => receiver.receivedAt(path));

async function deliveries(runId: string, count: number) {
  return waitFor(
    `${count} delivery attempts of run ${runId}`,
    async () => {
      const { status, body } = await stack.api(`/api/runs/${runId}/deliveries`);
      return status === 200 && body.deliveries.length >= count ? body.deliveries : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

describe('webhook notifications', () => {
  it('retries a failing receiver on the schedule, honouring Retry-After, with the same delivery id and body, signed every time', async () => {
    receiver.plan('/flaky', [
      { status: 503 },
      { status: 500 },
      { status: 429, headers: { 'retry-after': '100' } },
    ]);
    const runId = await start('flaky-hook', { orderId: 'o-7', amount: 21 });
    const attempts = await requestsAt('/flaky', 4);
    expect(attempts.map((request) => request.answered)).toEqual([503, 500, 429, 200]);
    expect(attempts.map((request) => request.headers['x-conductor-delivery-attempt'])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    const ids = new Set(attempts.map((request) => request.headers['x-conductor-delivery-id']));
    expect(ids.size).toBe(1);
    expect(new Set(attempts.map((request) => request.raw)).size).toBe(1);
    for (const request of attempts) {
      expect(signedByUs(request)).toBe(true);
      expect(request.headers['x-conductor-event']).toBe('execution.completed');
      expect(JSON.stringify(request.headers)).not.toContain(HOOK_SECRET);
    }
    expect(JSON.parse(attempts[0].raw)).toEqual({
      event: 'execution.completed',
      timestamp: expect.any(String),
      data: {
        id: runId,
        ensemble: 'flaky-hook',
        status: 'completed',
        output: { orderId: 'o-7', total: 42 },
        error: null,
        duration: expect.any(Number),
      },
    });
    // 1 s and 5 s scaled; then Retry-After: 100 s (scaled) outweighs the 30 s step.
    const gaps = attempts.slice(1).map((request, index) => request.at - attempts[index].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(1000 * TIME_SCALE);
    expect(gaps[1]).toBeGreaterThanOrEqual(5000 * TIME_SCALE);
    expect(gaps[2]).toBeGreaterThanOrEqual(100_000 * TIME_SCALE);
    expect(gaps[2]).toBeLessThan(30_000 * TIME_SCALE + 100_000 * TIME_SCALE);

    const logged = await deliveries(runId, 4);
    expect(
      logged.map((row: { attempt: number; status: string; responseCode: number }) => [
        row.attempt,
        row.status,
        row.responseCode,
      ]),
    ).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 500],
      [3, 'retrying', 429],
      [4, 'delivered', 200],
    ]);
    expect(logged[0]).toMatchObject({
      deliveryId: [...ids][0],
      event: 'execution.completed',
      channel: 'webhook',
      // The URL came from ${env.HOOKS_URL}: a secret, never stored.
      target: '[redacted]/flaky',
      nextAttemptAt: expect.any(String),
    });

    const shown = await baton(['runs', 'show', runId, '--url', stack.baseUrl], {
      env: { PATH: process.env.PATH },
    });
    expect(shown.status).toBe(0);
    const section = shown.stdout.slice(shown.stdout.indexOf('Notifications:'));
    expect(section).toMatch(/execution\.completed +webhook \[redacted\]\/flaky +1 +retrying +HTTP 503/);
    expect(section).toMatch(/ 4 +delivered +HTTP 200/);
  });

  it('sends Standard Webhooks that the standardwebhooks package verifies, for the events subscribed', async () => {
    const runId = await start('standard-hook');
    const [started, failed] = await requestsAt('/standard', 2);
    const verify = (request: ReceivedWebhook) =>
      new Webhook(STANDARD_SECRET).verify(request.raw, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      });
    expect(verify(started)).toMatchObject({
      event: 'execution.started',
      data: { id: runId, status: 'running' },
    });
    expect(verify(failed)).toMatchObject({
      event: 'execution.failed',
      data: {
        id: runId,
        status: 'failed',
        error: { message: expect.stringContaining('the ledger is closed') },
      },
    });
    expect(started.headers['webhook-id']).not.toBe(failed.headers['webhook-id']);
    expect(failed.headers['x-conductor-signature']).toBeUndefined();
  });

  it('keeps the schedule when the notifier is killed between two attempts: the retry arrives with the same delivery id', async () => {
    receiver.plan('/killed', [{ status: 503 }]);
    const runId = await start('killed-hook');
    await requestsAt('/killed', 1);
    // Attempt 1 is recorded and its retry stored as a timer (due 3.6 s later: 3 min scaled).
    const [recorded] = await deliveries(runId, 1);
    expect(recorded).toMatchObject({ attempt: 1, status: 'retrying' });
    await stack.services.notifier.kill('SIGKILL');
    await stack.services.notifier.start();
    const [first, second] = await requestsAt('/killed', 2);
    expect(second.headers['x-conductor-delivery-id']).toBe(first.headers['x-conductor-delivery-id']);
    expect(second.headers['x-conductor-delivery-attempt']).toBe('2');
    expect(second.raw).toBe(first.raw);
    expect(second.at - first.at).toBeGreaterThanOrEqual(180_000 * TIME_SCALE);
    expect(signedByUs(second)).toBe(true);
    const logged = await deliveries(runId, 2);
    expect(logged.map((row: { status: string }) => row.status)).toEqual(['retrying', 'delivered']);
  });

  it('never retries a 4xx other than 408 and 429, and redelivers a failed delivery by hand with the same id', async () => {
    receiver.plan('/gone', [{ status: 410, body: 'this endpoint is retired' }]);
    const runId = await start('gone-hook');
    const [failed] = await deliveries(runId, 1);
    expect(failed).toMatchObject({ attempt: 1, status: 'failed', responseCode: 410, nextAttemptAt: null });
    expect(failed.error).toContain('this endpoint is retired');
    // Long past the first retry's time: nothing more came.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.receivedAt('/gone')).toHaveLength(1);

    const again = await stack.api(`/api/deliveries/${failed.deliveryId}/redeliver`, { method: 'POST' });
    expect(again).toEqual({
      status: 202,
      body: { deliveryId: failed.deliveryId, attempt: 2, status: 'queued' },
    });
    const [, resent] = await requestsAt('/gone', 2);
    expect(resent.headers['x-conductor-delivery-id']).toBe(failed.deliveryId);
    expect(resent.headers['x-conductor-delivery-attempt']).toBe('2');
    expect(resent.raw).toBe(receiver.receivedAt('/gone')[0].raw);
    const logged = await deliveries(runId, 2);
    expect(logged[1]).toMatchObject({ attempt: 2, status: 'delivered', responseCode: 200 });

    expect(
      await stack.api(`/api/deliveries/${failed.deliveryId}/redeliver`, { method: 'POST' }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: expect.stringContaining('was delivered') } },
    });
  });

  it('answers 404 for a delivery or a run it does not know, in the API shape', async () => {
    for (const path of [
      '/api/deliveries/0b9f2c1e-5d1a-5b7e-9c3d-2f4a6b8c0d1e/redeliver',
      '/api/deliveries/not-a-delivery.id/redeliver',
    ]) {
      expect(await stack.api(path, { method: 'POST' })).toMatchObject({
        status: 404,
        body: { error: { code: 'not_found', message: expect.stringContaining('no notification delivery') } },
      });
    }
    expect(await stack.api('/api/runs/no-such-run/deliveries')).toMatchObject({ status: 404 });
    expect(await stack.api('/api/runs/a.b*/deliveries')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: 'no run a.b*' } },
    });
  });
});

describe('email notifications', () => {
  it('sends a text part with the event and an HTML part coloured by event, with a templated subject', async () => {
    const completed = await start('emailed', { orderId: 'o-11' });
    const failed = await start('emailed', { orderId: 'o-12', fail: true });
    const mails = await waitFor(
      'two notification emails',
      async () => {
        const mine = smtp.received.filter((mail) =>
          /\[execution\.(completed|failed)\] emailed/.test(mail.subject ?? ''),
        );
        return mine.length >= 2 ? mine : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const ok = mails.find((mail) => mail.subject?.includes('completed'));
    const bad = mails.find((mail) => mail.subject?.includes('failed'));
    expect(ok).toMatchObject({
      user: 'notifier',
      to: ['ops@example.com'],
      subject: '[execution.completed] emailed o-11',
    });
    expect(bad?.subject).toBe('[execution.failed] emailed o-12');
    expect(JSON.parse(ok?.text ?? '')).toMatchObject({
      event: 'execution.completed',
      data: { id: completed, output: { orderId: 'o-11' } },
    });
    expect(JSON.parse(bad?.text ?? '')).toMatchObject({
      event: 'execution.failed',
      data: { id: failed, status: 'failed' },
    });
    expect(ok?.html).toContain('border-left:6px solid #15803d');
    expect(bad?.html).toContain('border-left:6px solid #b91c1c');
    expect(bad?.html).toContain('refused by policy');
    const logged = await deliveries(completed, 1);
    expect(logged[0]).toMatchObject({ channel: 'email', target: 'ops@example.com', status: 'delivered' });
    for (const mail of mails) expect(JSON.stringify(mail)).not.toContain(SMTP_PASSWORD);
  });
});

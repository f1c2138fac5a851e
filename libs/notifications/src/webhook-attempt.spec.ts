import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { snapshotEnvironment } from '@baton/engine';
import { SecretSet } from '@baton/expressions';
import type { NotificationDefinition } from '@baton/model';
import { Outbound, parseAllowList } from '@baton/outbound';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@baton/provider-fakes';
import { notificationPayload } from './notification-payload';
import { notificationScope } from './notification-scope';
import { completedRun, definitionWith, stateAfter } from './testing/notification-fixtures';
import { attemptWebhook } from './webhook-attempt';

const CANARY = 'c4nary-notify-secret-5521';
const SW_SECRET = `whsec_${Buffer.from('standard-webhooks-secret-of-32-bytes!').toString('base64')}`;
const NOW = Date.parse('2026-12-01T10:00:05Z');

/** The receiver's own check of dsl.md's signature: hex HMAC-SHA256 of "<timestamp>.<raw body>". */
function conductorSignatureValid(request: ReceivedWebhook, secret: string): boolean {
  const timestamp = String(request.headers['x-conductor-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.raw}`).digest('hex')}`;
  const received = String(request.headers['x-conductor-signature']);
  return expected.length === received.length && timingSafeEqual(Buffer.from(expected), Buffer.from(received));
}

describe('a webhook attempt', () => {
  let receiver: WebhookReceiver;
  const outbound = new Outbound({ allow: parseAllowList('127.0.0.1') });
  const events = completedRun();
  const state = stateAfter(events, 6);
  const payload = notificationPayload(state, events[5], 'execution.completed');

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await outbound.close();
  });

  const attempt = (
    yaml: string,
    env: Record<string, string>,
    options: { attempt?: number; outbound?: Outbound; now?: number } = {},
  ) => {
    const definition = definitionWith(yaml);
    const notification = definition.notifications[0] as Extract<NotificationDefinition, { type: 'webhook' }>;
    const secrets = new SecretSet();
    return attemptWebhook({
      notification,
      payload,
      deliveryId: 'de1ivery-0001',
      attempt: options.attempt ?? 1,
      scope: notificationScope(definition, 3, state, payload, snapshotEnvironment(env)),
      secrets,
      outbound: options.outbound ?? outbound,
      now: options.now ?? NOW,
    });
  };

  it("sends dsl.md's body and X-Conductor headers, signed so that the receiver's own check passes", async () => {
    const outcome = await attempt(
      `  - type: webhook
    url: \${env.HOOKS}/conductor
    secret: \${env.HOOK_SECRET}`,
      { HOOKS: receiver.baseUrl, HOOK_SECRET: CANARY },
      { attempt: 3 },
    );
    expect(outcome).toEqual({
      delivered: true,
      target: '[redacted]/conductor',
      responseCode: 200,
      retryable: false,
    });
    const [request] = receiver.receivedAt('/conductor');
    expect(JSON.parse(request.raw)).toEqual(payload);
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'x-conductor-event': 'execution.completed',
      'x-conductor-delivery-id': 'de1ivery-0001',
      'x-conductor-delivery-attempt': '3',
      'x-conductor-timestamp': String(NOW / 1000),
    });
    expect(conductorSignatureValid(request, CANARY)).toBe(true);
    expect(conductorSignatureValid(request, 'another-secret')).toBe(false);
    expect(JSON.stringify(request.headers)).not.toContain(CANARY);
  });

  it('sends Standard Webhooks headers instead with format: standard-webhooks, verified by the standardwebhooks package', async () => {
    const now = Date.now();
    const outcome = await attempt(
      `  - type: webhook
    url: ${receiver.baseUrl}/standard
    format: standard-webhooks
    secret: \${env.SW_SECRET}`,
      { SW_SECRET },
      { now },
    );
    expect(outcome.delivered).toBe(true);
    const [request] = receiver.receivedAt('/standard');
    expect(request.headers['webhook-id']).toBe('de1ivery-0001');
    expect(request.headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(request.headers['x-conductor-signature']).toBeUndefined();
    expect(request.headers['x-conductor-delivery-id']).toBeUndefined();
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(new Webhook(SW_SECRET).verify(request.raw, headers)).toEqual(payload);
    const forged = `whsec_${Buffer.from('another-secret-of-32-bytes-long!!').toString('base64')}`;
    expect(() => new Webhook(forged).verify(request.raw, headers)).toThrow();
  });

  it('sends unsigned when the notification has no secret, still with its timestamp and delivery headers', async () => {
    expect((await attempt(`  - type: webhook\n    url: ${receiver.baseUrl}/unsigned`, {})).delivered).toBe(
      true,
    );
    const [request] = receiver.receivedAt('/unsigned');
    expect(request.headers['x-conductor-signature']).toBeUndefined();
    expect(request.headers['x-conductor-delivery-attempt']).toBe('1');
  });

  it.each([
    [500, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [422, false],
  ])('answered %i: not delivered, retryable %s', async (status, retryable) => {
    receiver.plan(`/status-${status}`, [{ status, body: 'nope' }]);
    const outcome = await attempt(`  - type: webhook\n    url: ${receiver.baseUrl}/status-${status}`, {});
    expect(outcome).toMatchObject({ delivered: false, retryable, responseCode: status });
    expect(outcome.error).toMatch(new RegExp(`^answered ${status} .*: nope$`));
  });

  it("keeps the receiver's Retry-After, in seconds or as a date", async () => {
    receiver.plan('/busy', [
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 503, headers: { 'retry-after': new Date(NOW + 90_000).toUTCString() } },
    ]);
    const url = `  - type: webhook\n    url: ${receiver.baseUrl}/busy`;
    expect(await attempt(url, {})).toMatchObject({ retryable: true, retryAfterMs: 120_000 });
    expect(await attempt(url, {})).toMatchObject({ retryable: true, retryAfterMs: 90_000 });
  });

  it('gives up an attempt after its timeout, as retryable', async () => {
    receiver.plan('/slow', [{ status: 200, delayMs: 2000 }]);
    const outcome = await attempt(
      `  - type: webhook\n    url: ${receiver.baseUrl}/slow\n    timeout: 200`,
      {},
    );
    expect(outcome).toEqual({
      delivered: false,
      target: `${receiver.baseUrl}/slow`,
      error: 'timed out after 200 ms',
      retryable: true,
    });
  });

  it('calls a refused connection retryable', async () => {
    const port = await closedPort();
    const outcome = await attempt(`  - type: webhook\n    url: http://127.0.0.1:${port}/gone`, {});
    expect(outcome).toMatchObject({ delivered: false, retryable: true });
    expect(outcome.error).toMatch(/^connection failed: .*ECONNREFUSED/);
  });

  it('goes through the outbound guard: loopback is refused unless allowed, for good', async () => {
    const guarded = new Outbound();
    try {
      const outcome = await attempt(
        `  - type: webhook\n    url: ${receiver.baseUrl}/guarded`,
        {},
        { outbound: guarded },
      );
      expect(outcome).toMatchObject({ delivered: false, retryable: false });
      expect(outcome.error).toContain('loopback');
      expect(receiver.receivedAt('/guarded')).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('keeps credentials out of the target and errors: user info, credential-like query values, secrets', async () => {
    receiver.plan('/creds', [{ status: 401, body: `bad token ${CANARY}` }]);
    const url = `http://user:pa55@127.0.0.1:${new URL(receiver.baseUrl).port}/creds?token=abc&team=ops&sig=\${env.HOOK_SECRET}`;
    const outcome = await attempt(`  - type: webhook\n    url: "${url}"`, { HOOK_SECRET: CANARY });
    expect(outcome.target).toBe(`${receiver.baseUrl}/creds?token=%5Bredacted%5D&team=ops&sig=%5Bredacted%5D`);
    expect(outcome.error).toBe('answered 401 Unauthorized: bad token [redacted]');
    expect(JSON.stringify(outcome)).not.toContain('pa55');
    // User info is sent as Basic authorization, never in the request line.
    const [request] = receiver.receivedAt('/creds');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('user:pa55').toString('base64')}`);
  });

  it('does not send when its secret reads an unset variable, nor with a secret Standard Webhooks cannot use', async () => {
    expect(
      await attempt(`  - type: webhook\n    url: ${receiver.baseUrl}/x\n    secret: \${env.MISSING}`, {}),
    ).toMatchObject({
      delivered: false,
      retryable: false,
      error: expect.stringContaining('secret is empty'),
    });
    const outcome = await attempt(
      `  - type: webhook\n    url: ${receiver.baseUrl}/x\n    format: standard-webhooks\n    secret: \${env.BAD}`,
      { BAD: `whsec_${CANARY}!` },
    );
    expect(outcome).toMatchObject({ delivered: false, retryable: false });
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
    expect(receiver.receivedAt('/x')).toEqual([]);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

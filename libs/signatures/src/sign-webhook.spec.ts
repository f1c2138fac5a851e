import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { signWebhook } from './sign-webhook';
import { loadOctokitWebhooksMethods } from './testing/octokit-webhooks-methods';
import { NOW } from './testing/verification-expectations';
import { verifyWebhook } from './verify-webhook';
import { WebhookSigningError } from './webhook-signing-error';
import type { WebhookScheme } from './webhook-verification';

const payload = '{"id":"evt_9","object":"event","amount":1250}';
const rawBody = Buffer.from(payload);
const secrets: Record<Exclude<WebhookScheme, 'none'>, string> = {
  'hmac-sha256': 'plain-shared-secret',
  stripe: 'whsec_stripe_cli_secret',
  github: 'github-secret',
  'standard-webhooks': 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
};

describe('signWebhook, checked by the third-party verifiers', () => {
  // Those verifiers read the real clock, so these signatures are made now.
  const now = Date.now();

  it('signs hmac-sha256 as the hex HMAC of the raw body in x-webhook-signature', () => {
    const headers = signWebhook('hmac-sha256', secrets['hmac-sha256'], rawBody, now);
    const expected = createHmac('sha256', secrets['hmac-sha256']).update(rawBody).digest('hex');
    expect(headers).toEqual({ 'x-webhook-signature': expected });
  });

  it('signs stripe deliveries that stripe.webhooks.constructEvent accepts', () => {
    const headers = signWebhook('stripe', secrets.stripe, rawBody, now);
    const event = Stripe.webhooks.constructEvent(payload, headers['stripe-signature'], secrets.stripe);
    expect(event.id).toBe('evt_9');
  });

  it('signs github deliveries that @octokit/webhooks-methods verify accepts', async () => {
    const { verify } = await loadOctokitWebhooksMethods();
    const headers = signWebhook('github', secrets.github, rawBody, now);
    await expect(verify(secrets.github, payload, headers['x-hub-signature-256'])).resolves.toBe(true);
    expect(headers['x-github-delivery']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('signs standard-webhooks deliveries that the standardwebhooks library verifies', () => {
    const headers = signWebhook('standard-webhooks', secrets['standard-webhooks'], rawBody, now, {
      deliveryId: 'msg_1',
    });
    expect(new Webhook(secrets['standard-webhooks']).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(headers['webhook-id']).toBe('msg_1');
  });
});

describe('signWebhook', () => {
  it.each(Object.entries(secrets) as Array<[Exclude<WebhookScheme, 'none'>, string]>)(
    'produces %s headers that verifyWebhook accepts',
    (scheme, secret) => {
      const headers = signWebhook(scheme, secret, payload, NOW);
      expect(verifyWebhook({ scheme, secret, rawBody, headers, now: NOW })).toMatchObject({ ok: true });
    },
  );

  it('puts the signature in the header the trigger names', () => {
    const headers = signWebhook('hmac-sha256', 'k', rawBody, NOW, { header: 'X-Shop-Hmac' });
    expect(Object.keys(headers)).toEqual(['x-shop-hmac']);
    expect(
      verifyWebhook({
        scheme: 'hmac-sha256',
        secret: 'k',
        header: 'X-Shop-Hmac',
        rawBody,
        headers,
        now: NOW,
      }),
    ).toEqual({
      ok: true,
    });
  });

  it('derives the same delivery id for the same body and instant, and another for another instant', () => {
    const id = (now: number) =>
      signWebhook('standard-webhooks', secrets['standard-webhooks'], rawBody, now)['webhook-id'];
    expect(id(NOW)).toBe(id(NOW));
    expect(id(NOW)).not.toBe(id(NOW + 1));
  });

  it('sends no header for the none scheme', () => {
    expect(signWebhook('none', '', rawBody, NOW)).toEqual({});
  });

  it('throws a bad-secret WebhookSigningError for a standard-webhooks secret that is not base64, without the secret', () => {
    const secret = 'whsec_not base64 at all';
    const attempt = () => signWebhook('standard-webhooks', secret, rawBody, NOW);
    expect(attempt).toThrow(WebhookSigningError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'bad-secret', message: expect.not.stringContaining(secret) }),
    );
  });

  it('throws a bad-secret WebhookSigningError for an empty secret', () => {
    expect(() => signWebhook('github', '', rawBody, NOW)).toThrow(
      expect.objectContaining({ code: 'bad-secret' }),
    );
  });
});

import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook } from '@baton/signatures';
import { BatonSigningError } from '../errors';
import { loadOctokitWebhooksMethods } from '../testing/octokit-webhooks-methods';
import { signWebhook, WEBHOOK_SCHEMES, type WebhookScheme } from './sign-webhook';

const payload = '{"id":"evt_9","object":"event","amount":1250,"note":"café ☕"}';
const SECRETS: Record<Exclude<WebhookScheme, 'none'>, string> = {
  'hmac-sha256': 'plain-shared-secret',
  stripe: 'whsec_stripe_cli_secret',
  github: 'github-secret',
  'standard-webhooks': 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
};
const SIGNED = Object.entries(SECRETS) as [Exclude<WebhookScheme, 'none'>, string][];

describe('signWebhook, checked by each provider’s own verifier', () => {
  it('signs stripe deliveries that stripe.webhooks.constructEvent accepts', async () => {
    const headers = await signWebhook('stripe', SECRETS.stripe, payload);
    const event = Stripe.webhooks.constructEvent(payload, headers['stripe-signature'], SECRETS.stripe);
    expect(event.id).toBe('evt_9');
  });

  it('signs github deliveries that @octokit/webhooks-methods verify accepts, with a fresh delivery id', async () => {
    const { verify } = await loadOctokitWebhooksMethods();
    const headers = await signWebhook('github', SECRETS.github, payload);
    await expect(verify(SECRETS.github, payload, headers['x-hub-signature-256'])).resolves.toBe(true);
    const again = await signWebhook('github', SECRETS.github, payload);
    expect(headers['x-github-delivery']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(again['x-github-delivery']).not.toBe(headers['x-github-delivery']);
  });

  it('signs standard-webhooks deliveries that the standardwebhooks library verifies', async () => {
    const headers = await signWebhook('standard-webhooks', SECRETS['standard-webhooks'], payload, {
      deliveryId: 'msg_1',
    });
    expect(new Webhook(SECRETS['standard-webhooks']).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(headers['webhook-id']).toBe('msg_1');
  });

  it('signs hmac-sha256 as the hex HMAC-SHA256 of the raw body, as node:crypto computes it', async () => {
    const headers = await signWebhook('hmac-sha256', SECRETS['hmac-sha256'], payload);
    const expected = createHmac('sha256', SECRETS['hmac-sha256']).update(payload, 'utf8').digest('hex');
    expect(headers).toEqual({ 'x-webhook-signature': expected });
  });
});

describe('signWebhook, checked by Baton’s own verifier (@baton/signatures)', () => {
  it.each(SIGNED)('%s headers pass verifyWebhook for the same bytes', async (scheme, secret) => {
    const headers = await signWebhook(scheme, secret, payload);
    const verification = verifyWebhook({
      scheme,
      secret,
      rawBody: Buffer.from(payload),
      headers,
      now: Date.now(),
    });
    expect(verification).toMatchObject({ ok: true });
  });

  it.each(SIGNED)(
    '%s signs bytes exactly as given (a Buffer that is a view of a larger one)',
    async (scheme, secret) => {
      const pool = Buffer.from(`xx${payload}yy`);
      const body = pool.subarray(2, 2 + Buffer.byteLength(payload));
      const headers = await signWebhook(scheme, secret, body);
      expect(
        verifyWebhook({ scheme, secret, rawBody: Buffer.from(payload), headers, now: Date.now() }),
      ).toMatchObject({
        ok: true,
      });
    },
  );

  it('puts the signature in the trigger’s own header, lower-cased, and passes verifyWebhook with that header', async () => {
    const headers = await signWebhook('hmac-sha256', 'k', payload, { header: 'X-Shop-Signature' });
    expect(Object.keys(headers)).toEqual(['x-shop-signature']);
    expect(
      verifyWebhook({
        scheme: 'hmac-sha256',
        secret: 'k',
        header: 'x-shop-signature',
        rawBody: Buffer.from(payload),
        headers,
        now: Date.now(),
      }),
    ).toMatchObject({ ok: true });
  });

  it('signs at the given timestamp, which verifiers check against their clock', async () => {
    const at = Date.UTC(2025, 0, 15, 9, 30);
    const headers = await signWebhook('stripe', SECRETS.stripe, payload, { timestamp: new Date(at) });
    expect(headers['stripe-signature']).toMatch(new RegExp(`^t=${at / 1000},v1=[0-9a-f]{64}$`));
    const stale = verifyWebhook({
      scheme: 'stripe',
      secret: SECRETS.stripe,
      rawBody: Buffer.from(payload),
      headers,
      now: at + 301_000,
    });
    expect(stale).toMatchObject({ ok: false, code: 'stale-timestamp' });
  });
});

describe('signWebhook refusals', () => {
  it('sends no header with scheme none', async () => {
    expect(await signWebhook('none', '', payload)).toEqual({});
  });

  it.each(SIGNED.map(([scheme]) => scheme))(
    'refuses an empty %s secret with a BatonSigningError',
    async (scheme) => {
      await expect(signWebhook(scheme, '', payload)).rejects.toThrow(BatonSigningError);
    },
  );

  it('refuses a standard-webhooks secret that is not base64, without repeating it', async () => {
    const secret = 'whsec_not base64!';
    const failure = signWebhook('standard-webhooks', secret, payload);
    await expect(failure).rejects.toThrow(
      'a standard-webhooks secret must be base64, optionally prefixed with whsec_',
    );
    await expect(failure).rejects.not.toThrow(secret);
  });

  it('refuses a scheme it does not know, naming the ones it does', async () => {
    await expect(signWebhook('hmac-md5' as WebhookScheme, 's', payload)).rejects.toThrow(
      `unknown scheme 'hmac-md5': one of ${WEBHOOK_SCHEMES.join(', ')}`,
    );
  });
});

import Stripe from 'stripe';
import { expectRefusal, NOW, NOW_SECONDS, withOneByteAltered } from '../testing/verification-expectations';
import { verifyWebhook } from '../verify-webhook';

const secret = 'whsec_stripe_endpoint_secret_7Yq';
const payload = JSON.stringify({ id: 'evt_1QxT2b', object: 'event', type: 'payment_intent.succeeded' });
const rawBody = Buffer.from(payload);

function stripeHeader(options: { timestamp?: number; key?: string; body?: string } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: options.body ?? payload,
    secret: options.key ?? secret,
    timestamp: options.timestamp ?? NOW_SECONDS,
  });
}

function verify(header: string | undefined, options: { body?: Buffer; toleranceSeconds?: number } = {}) {
  return verifyWebhook({
    scheme: 'stripe',
    secret,
    toleranceSeconds: options.toleranceSeconds,
    rawBody: options.body ?? rawBody,
    headers: header === undefined ? {} : { 'stripe-signature': header },
    now: NOW,
  });
}

/** The v1 signature of a header made by Stripe's own test signer. */
const v1Of = (header: string) => /v1=([0-9a-f]+)/.exec(header)?.[1];

describe('stripe scheme', () => {
  it("accepts a delivery signed by Stripe's signer and reports the event id of the body", () => {
    expect(verify(stripeHeader())).toEqual({ ok: true, deliveryId: 'evt_1QxT2b' });
  });

  it('accepts a delivery whose body has no event id, with no delivery id', () => {
    const body = '{"object":"event"}';
    expect(verify(stripeHeader({ body }), { body: Buffer.from(body) })).toEqual({ ok: true });
  });

  it('accepts a header with several v1 signatures when any of them matches (secret rolling)', () => {
    const header = `t=${NOW_SECONDS},v1=${v1Of(stripeHeader({ key: 'whsec_old' }))},v1=${v1Of(stripeHeader())}`;
    expect(verify(header)).toMatchObject({ ok: true });
  });

  it('refuses a header whose several v1 signatures all fail', () => {
    const header = `t=${NOW_SECONDS},v1=${v1Of(stripeHeader({ key: 'whsec_a' }))},v1=${v1Of(stripeHeader({ key: 'whsec_b' }))}`;
    expectRefusal(verify(header), 'bad-signature', secret);
  });

  it('refuses a delivery without Stripe-Signature as missing-signature', () => {
    expectRefusal(verify(undefined), 'missing-signature', secret);
  });

  it('refuses a header without a timestamp or without a v1 signature', () => {
    expectRefusal(verify(`v1=${v1Of(stripeHeader())}`), 'bad-signature', secret);
    expectRefusal(verify(`t=${NOW_SECONDS},v0=abc`), 'bad-signature', secret);
  });

  it('refuses a v1 signature that is not the HMAC of the timestamped body', () => {
    expectRefusal(verify(`t=${NOW_SECONDS},v1=${'0'.repeat(64)}`), 'bad-signature', secret);
  });

  it('refuses a delivery signed with another secret', () => {
    expectRefusal(verify(stripeHeader({ key: 'whsec_another_endpoint' })), 'bad-signature', secret);
  });

  it('refuses a body altered by one byte after signing', () => {
    expectRefusal(verify(stripeHeader(), { body: withOneByteAltered(rawBody) }), 'bad-signature', secret);
  });

  it('refuses a signed timestamp older than the tolerance (a replay)', () => {
    expectRefusal(verify(stripeHeader({ timestamp: NOW_SECONDS - 301 })), 'stale-timestamp', secret);
  });

  it('refuses a signed timestamp further in the future than the tolerance', () => {
    expectRefusal(verify(stripeHeader({ timestamp: NOW_SECONDS + 301 })), 'stale-timestamp', secret);
  });

  it('accepts timestamps up to the default tolerance of 300 s either way', () => {
    expect(verify(stripeHeader({ timestamp: NOW_SECONDS - 300 }))).toMatchObject({ ok: true });
    expect(verify(stripeHeader({ timestamp: NOW_SECONDS + 300 }))).toMatchObject({ ok: true });
  });

  it("honours the trigger's own tolerance", () => {
    const header = stripeHeader({ timestamp: NOW_SECONDS - 60 });
    expectRefusal(verify(header, { toleranceSeconds: 30 }), 'stale-timestamp', secret);
    expect(verify(header, { toleranceSeconds: 90 })).toMatchObject({ ok: true });
  });

  it('refuses a forged signature as bad-signature even when its timestamp is also stale', () => {
    const header = `t=${NOW_SECONDS - 3600},v1=${'1'.repeat(64)}`;
    expectRefusal(verify(header), 'bad-signature', secret);
  });
});

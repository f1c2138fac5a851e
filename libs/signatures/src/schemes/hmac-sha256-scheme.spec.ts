import { createHmac } from 'node:crypto';
import { expectRefusal, NOW, withOneByteAltered } from '../testing/verification-expectations';
import { verifyGenericWebhook, verifyWebhook } from '../verify-webhook';

const secret = 'generic-secret-4f1c';
const rawBody = Buffer.from('{"ensemble":"orders","input":{"id":42}}');
const hexHmac = (key: string, body: Buffer) => createHmac('sha256', key).update(body).digest('hex');

function verify(
  headers: Record<string, string>,
  options: { body?: Buffer; header?: string; key?: string } = {},
) {
  return verifyWebhook({
    scheme: 'hmac-sha256',
    secret: options.key ?? secret,
    header: options.header,
    rawBody: options.body ?? rawBody,
    headers,
    now: NOW,
  });
}

describe('hmac-sha256 scheme', () => {
  it('accepts a bare hex HMAC-SHA256 of the raw body in x-webhook-signature', () => {
    expect(verify({ 'x-webhook-signature': hexHmac(secret, rawBody) })).toEqual({ ok: true });
  });

  it('accepts the same signature with a sha256= prefix', () => {
    expect(verify({ 'x-webhook-signature': `sha256=${hexHmac(secret, rawBody)}` })).toEqual({ ok: true });
  });

  it('accepts upper-case hex, since hex digits are case-insensitive', () => {
    expect(verify({ 'x-webhook-signature': hexHmac(secret, rawBody).toUpperCase() })).toEqual({ ok: true });
  });

  it('reads the header named by the trigger, whatever case the definition uses', () => {
    const result = verify({ 'x-shop-hmac': hexHmac(secret, rawBody) }, { header: 'X-Shop-HMAC' });
    expect(result).toEqual({ ok: true });
  });

  it('accepts a repeated header when one of its values matches', () => {
    const headers = { 'x-webhook-signature': ['deadbeef', hexHmac(secret, rawBody)] };
    const result = verifyWebhook({ scheme: 'hmac-sha256', secret, rawBody, headers, now: NOW });
    expect(result).toEqual({ ok: true });
  });

  it('refuses a delivery without the signature header as missing-signature', () => {
    expectRefusal(verify({}), 'missing-signature', secret);
  });

  it('refuses an empty signature header as missing-signature', () => {
    expectRefusal(verify({ 'x-webhook-signature': '  ' }), 'missing-signature', secret);
  });

  it('refuses a signature that is not the HMAC of the body', () => {
    expectRefusal(verify({ 'x-webhook-signature': 'sha256=0123abcd' }), 'bad-signature', secret);
  });

  it('refuses a signature made with another secret', () => {
    expectRefusal(
      verify({ 'x-webhook-signature': hexHmac('other-secret', rawBody) }),
      'bad-signature',
      secret,
    );
  });

  it('refuses a body altered by one byte after signing', () => {
    const headers = { 'x-webhook-signature': hexHmac(secret, rawBody) };
    expectRefusal(verify(headers, { body: withOneByteAltered(rawBody) }), 'bad-signature', secret);
  });

  it('refuses every delivery when no secret is configured', () => {
    const result = verifyWebhook({
      scheme: 'hmac-sha256',
      secret: undefined,
      rawBody,
      headers: {},
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, code: 'bad-secret' });
    expect(verify({ 'x-webhook-signature': 'sha256=00' }, { key: '' })).toMatchObject({
      ok: false,
      code: 'bad-secret',
    });
  });

  it('signs no timestamp, so a valid signature is accepted at any time', () => {
    const headers = { 'x-webhook-signature': hexHmac(secret, rawBody) };
    const aYearLater = NOW + 365 * 24 * 3600 * 1000;
    expect(verifyWebhook({ scheme: 'hmac-sha256', secret, rawBody, headers, now: aYearLater })).toEqual({
      ok: true,
    });
  });
});

describe('the generic webhook endpoint', () => {
  it('accepts X-Webhook-Signature holding the hex HMAC of the raw body with WEBHOOK_SECRET', () => {
    const headers = { 'x-webhook-signature': hexHmac(secret, rawBody) };
    expect(verifyGenericWebhook(secret, rawBody, headers, NOW)).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    const headers = { 'x-webhook-signature': hexHmac('not-the-webhook-secret', rawBody) };
    expectRefusal(verifyGenericWebhook(secret, rawBody, headers, NOW), 'bad-signature', secret);
  });

  it('refuses everything while WEBHOOK_SECRET is unset', () => {
    const headers = { 'x-webhook-signature': hexHmac('', rawBody) };
    expect(verifyGenericWebhook(undefined, rawBody, headers, NOW)).toMatchObject({
      ok: false,
      code: 'bad-secret',
    });
  });
});

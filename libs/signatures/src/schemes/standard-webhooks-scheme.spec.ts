import { Webhook } from 'standardwebhooks';
import { expectRefusal, NOW, NOW_SECONDS, withOneByteAltered } from '../testing/verification-expectations';
import { verifyWebhook } from '../verify-webhook';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const payload = '{"type":"invoice.paid","data":{"id":"in_1"}}';
const rawBody = Buffer.from(payload);
const msgId = 'msg_2Lw0cQHm4xSgPqzY';

function signedHeaders(
  options: { timestampSeconds?: number; key?: string; id?: string } = {},
): Record<string, string> {
  const timestamp = options.timestampSeconds ?? NOW_SECONDS;
  const id = options.id ?? msgId;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(options.key ?? secret).sign(id, new Date(timestamp * 1000), payload),
  };
}

function verify(headers: Record<string, string>, options: { body?: Buffer; key?: string } = {}) {
  return verifyWebhook({
    scheme: 'standard-webhooks',
    secret: options.key ?? secret,
    rawBody: options.body ?? rawBody,
    headers,
    now: NOW,
  });
}

describe('standard-webhooks scheme', () => {
  it('accepts a delivery signed by the standardwebhooks library and reports webhook-id as its id', () => {
    expect(verify(signedHeaders())).toEqual({ ok: true, deliveryId: msgId });
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(verify(signedHeaders(), { key: secret.slice('whsec_'.length) })).toEqual({
      ok: true,
      deliveryId: msgId,
    });
  });

  it('accepts a space-separated signature list when any v1 entry matches', () => {
    const headers = signedHeaders();
    const other = signedHeaders({ key: 'whsec_b3RoZXIgc2VjcmV0IGZvciByb2xsaW5n' })['webhook-signature'];
    headers['webhook-signature'] =
      `v1a,c2lnbmVkLXdpdGgtZWQyNTUxOQ== ${other} ${headers['webhook-signature']}`;
    expect(verify(headers)).toMatchObject({ ok: true });
  });

  it('refuses a signature list in which no v1 entry matches', () => {
    const headers = signedHeaders();
    const valid = headers['webhook-signature'].slice('v1,'.length);
    headers['webhook-signature'] = `v2,${valid} v1,${Buffer.alloc(32).toString('base64')}`;
    expectRefusal(verify(headers), 'bad-signature', secret);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'refuses a delivery without %s as missing-signature, naming the header',
    (name) => {
      const headers = signedHeaders();
      delete headers[name];
      const result = verify(headers);
      expectRefusal(result, 'missing-signature', secret);
      expect(!result.ok && result.message).toContain(name);
    },
  );

  it('refuses a timestamp that is not unix seconds', () => {
    expectRefusal(
      verify({ ...signedHeaders(), 'webhook-timestamp': '2026-01-15T12:00:00Z' }),
      'bad-signature',
      secret,
    );
  });

  it('refuses a signature made for another message id', () => {
    const headers = { ...signedHeaders({ id: 'msg_other' }), 'webhook-id': msgId };
    expectRefusal(verify(headers), 'bad-signature', secret);
  });

  it('refuses a delivery signed with another secret', () => {
    expectRefusal(
      verify(signedHeaders({ key: 'whsec_YW5vdGhlciBlbmRwb2ludCBzZWNyZXQ=' })),
      'bad-signature',
      secret,
    );
  });

  it('refuses a body altered by one byte after signing', () => {
    expectRefusal(verify(signedHeaders(), { body: withOneByteAltered(rawBody) }), 'bad-signature', secret);
  });

  it('refuses a signed timestamp older than the tolerance (a replay)', () => {
    expectRefusal(verify(signedHeaders({ timestampSeconds: NOW_SECONDS - 301 })), 'stale-timestamp', secret);
  });

  it('refuses a signed timestamp further in the future than the tolerance', () => {
    expectRefusal(verify(signedHeaders({ timestampSeconds: NOW_SECONDS + 301 })), 'stale-timestamp', secret);
  });

  it('refuses every delivery when the secret is not base64, without echoing the secret', () => {
    const notBase64 = 'whsec_this is not base64!';
    expectRefusal(verify(signedHeaders(), { key: notBase64 }), 'bad-secret', notBase64);
  });
});

import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signNotification } from './sign-notification';
import { NOW_SECONDS } from './testing/verification-expectations';

const body = JSON.stringify({
  event: 'execution.completed',
  timestamp: '2026-01-15T12:00:00.000Z',
  data: {
    id: 'run_1',
    ensemble: 'orders',
    status: 'completed',
    output: { ok: true },
    error: null,
    duration: 812,
  },
});

describe('signNotification', () => {
  it('signs by default with X-Conductor-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">', () => {
    const headers = signNotification({ secret: 'notify-secret', body, timestamp: NOW_SECONDS });
    const expected = createHmac('sha256', 'notify-secret').update(`${NOW_SECONDS}.${body}`).digest('hex');
    expect(headers).toEqual({
      'X-Conductor-Signature': `sha256=${expected}`,
      'X-Conductor-Timestamp': String(NOW_SECONDS),
    });
  });

  it('signs a Buffer body exactly as the same text', () => {
    const fromText = signNotification({ secret: 's', body, timestamp: NOW_SECONDS });
    expect(signNotification({ secret: 's', body: Buffer.from(body), timestamp: NOW_SECONDS })).toEqual(
      fromText,
    );
  });

  it('sends Standard Webhooks headers that the standardwebhooks library verifies when format is standard-webhooks', () => {
    const secret = 'whsec_dGhlIG5vdGlmaWVyIHNlY3JldCBrZXkgYnl0ZXM=';
    const timestamp = Math.floor(Date.now() / 1000); // the library verifies against the real clock
    const headers = signNotification({
      secret,
      body,
      timestamp,
      format: 'standard-webhooks',
      deliveryId: 'dlv_7',
    });
    expect(headers['webhook-id']).toBe('dlv_7');
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('throws a bad-secret error when the standard-webhooks secret is not base64', () => {
    const attempt = () =>
      signNotification({
        secret: 'plain words',
        body,
        timestamp: NOW_SECONDS,
        format: 'standard-webhooks',
        deliveryId: 'd',
      });
    expect(attempt).toThrow(expect.objectContaining({ code: 'bad-secret' }));
  });
});

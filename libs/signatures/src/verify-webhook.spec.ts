import { NOW } from './testing/verification-expectations';
import { verifyWebhook } from './verify-webhook';
import { WEBHOOK_SCHEMES } from './webhook-verification';

const rawBody = Buffer.from('{"hello":"world"}');

describe('verifyWebhook', () => {
  it('accepts any delivery under the none scheme, signed or not, since the definition asked for no check', () => {
    expect(verifyWebhook({ scheme: 'none', secret: undefined, rawBody, headers: {}, now: NOW })).toEqual({
      ok: true,
    });
  });

  it.each(WEBHOOK_SCHEMES.filter((scheme) => scheme !== 'none'))(
    'refuses %s deliveries as bad-secret when the trigger has no secret, before looking at headers',
    (scheme) => {
      const result = verifyWebhook({ scheme, secret: undefined, rawBody, headers: {}, now: NOW });
      expect(result).toMatchObject({ ok: false, code: 'bad-secret' });
    },
  );
});

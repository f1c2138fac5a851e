import { createPayloadCodec, parsePayloadKeys, PayloadDecryptError } from '@baton/payload-codec';
import { MessagingError } from '@baton/messaging';
import { toApiError } from './api-exception.filter';

describe('toApiError', () => {
  it('answers a stored payload this ingress cannot decrypt with 503, naming the key id and no key', () => {
    const key = Buffer.alloc(32, 3).toString('base64');
    const sealed = createPayloadCodec(parsePayloadKeys(`old:${key}`)).seal({ card: '4242' });
    let thrown: unknown;
    try {
      createPayloadCodec(parsePayloadKeys(`new:${Buffer.alloc(32, 4).toString('base64')}`)).open({
        input: sealed,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PayloadDecryptError);
    const answer = toApiError(thrown);
    expect(answer.status).toBe(503);
    expect(answer.toBody().error.message).toContain("key 'old'");
    expect(JSON.stringify(answer.toBody())).not.toContain(key);
  });

  it('answers an event log that does not decrypt (MessagingError undecryptable-payload) with 503', () => {
    const error = new MessagingError(
      'undecryptable-payload',
      "Run r1's event log: a payload is encrypted with key 'k9'",
    );
    expect(toApiError(error)).toMatchObject({ status: 503 });
  });
});

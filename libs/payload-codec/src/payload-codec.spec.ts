import { randomBytes } from 'node:crypto';
import type { RunEvent } from '@baton/engine';
import {
  createPayloadCodec,
  isPayloadEnvelope,
  openRunEvent,
  parsePayloadKeys,
  PayloadDecryptError,
  PayloadKeyError,
  sealRunEvent,
  type PayloadEnvelope,
} from './index';

const keyText = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;
const secretInput = { card: '4242-4242', nested: [{ note: 'très privé' }] };

describe('payload keys (BATON_PAYLOAD_KEY)', () => {
  it('parses every <kid>:<base64 of 32 bytes> entry, the first one first', () => {
    const keys = parsePayloadKeys(`${keyText('k2')}, ${keyText('k1')}`);
    expect(keys.map((key) => [key.kid, key.key.length])).toEqual([
      ['k2', 32],
      ['k1', 32],
    ]);
  });

  it.each([
    ['no key id separator', 'abc', /entry 1 is not <kid>:<base64 key>/],
    ['an empty key id', `:${randomBytes(32).toString('base64')}`, /entry 1: the key id/],
    ['a key that is not base64', 'k1:not base64!', /entry 1 \(key id 'k1'\): the key is not base64/],
    ['a 16-byte key', `k1:${randomBytes(16).toString('base64')}`, /is 16 bytes; AES-256 needs 32/],
    ['a second malformed entry', `${keyText('k1')},k2:`, /entry 2 \(key id 'k2'\): the key is not base64/],
    ['a key id named twice', `${keyText('k1')},${keyText('k1')}`, /names key id 'k1' twice/],
  ])('refuses %s, saying which entry without echoing the key', (_what, text, message) => {
    expect(() => parsePayloadKeys(text)).toThrow(PayloadKeyError);
    expect(() => parsePayloadKeys(text)).toThrow(message);
    const material = text.split(':').at(-1) ?? '';
    if (material.length > 8) {
      expect(() => parsePayloadKeys(text)).not.toThrow(material);
    }
  });
});

describe('payload codec', () => {
  const codec = createPayloadCodec(parsePayloadKeys(keyText('k1')));

  it('seals a value into an envelope with the key id that holds no plaintext, and opens it back', () => {
    const sealed = codec.seal(secretInput);
    expect(isPayloadEnvelope(sealed)).toBe(true);
    expect(sealed).toMatchObject({ $enc: 'v1', kid: 'k1' });
    expect(JSON.stringify(sealed)).not.toContain('4242');
    expect(codec.openValue(sealed)).toEqual(secretInput);
  });

  it('encrypts the same value differently each time (a random IV)', () => {
    expect(codec.seal('same')).not.toEqual(codec.seal('same'));
  });

  it('opens envelopes anywhere in a value (a loop output aggregated from its steps)', () => {
    const row = {
      id: 'r1',
      output: [codec.seal(1), codec.seal({ a: 2 })],
      agents: { a: { error: codec.seal({ message: 'm' }) } },
    };
    expect(codec.open(row)).toEqual({
      id: 'r1',
      output: [1, { a: 2 }],
      agents: { a: { error: { message: 'm' } } },
    });
  });

  it.each([
    ['data', (envelope: PayloadEnvelope) => ({ ...envelope, data: flipFirstByte(envelope.data) })],
    ['tag', (envelope: PayloadEnvelope) => ({ ...envelope, tag: flipFirstByte(envelope.tag) })],
    ['iv', (envelope: PayloadEnvelope) => ({ ...envelope, iv: flipFirstByte(envelope.iv) })],
  ])('refuses an envelope whose %s was altered (authentication fails)', (_field, tamper) => {
    const tampered = tamper(codec.seal(secretInput) as PayloadEnvelope);
    expect(() => codec.openValue(tampered)).toThrow(PayloadDecryptError);
    expect(() => codec.openValue(tampered)).toThrow(/key 'k1' fails authentication/);
  });

  it('refuses an envelope with a truncated tag as malformed', () => {
    const envelope = codec.seal(1) as PayloadEnvelope;
    expect(() => codec.openValue({ ...envelope, tag: envelope.tag.slice(0, 8) })).toThrow(/bad iv or tag/);
  });

  it('rotates: a codec with a new key first writes with it and still reads what the old key wrote', () => {
    const old = keyText('2026-01');
    const before = createPayloadCodec(parsePayloadKeys(old));
    const after = createPayloadCodec(parsePayloadKeys(`${keyText('2026-12')},${old}`));
    const written = before.seal(secretInput);
    expect(after.openValue(written)).toEqual(secretInput);
    expect(after.seal(1)).toMatchObject({ kid: '2026-12' });
  });

  it('refuses an envelope whose key is not configured, naming the key id', () => {
    const other = createPayloadCodec(parsePayloadKeys(keyText('k9')));
    expect(() => other.openValue(codec.seal(1))).toThrow(
      /encrypted with key 'k1', which BATON_PAYLOAD_KEY does not list/,
    );
    expect(() => createPayloadCodec().open({ a: codec.seal(1) })).toThrow(/BATON_PAYLOAD_KEY is not set/);
  });

  it('without a key writes values as they are', () => {
    const clear = createPayloadCodec();
    expect(clear.encrypting).toBe(false);
    expect(clear.seal(secretInput)).toBe(secretInput);
    expect(clear.open(secretInput)).toBe(secretInput);
  });
});

describe('run event payloads', () => {
  const codec = createPayloadCodec(parsePayloadKeys(keyText('k1')));
  const base = {
    version: 1,
    runId: 'r1',
    seq: 1,
    at: '2026-12-07T00:00:00.000Z',
    causationId: 'c1',
  } as const;
  const requested = {
    ...base,
    type: 'RunRequested',
    data: { ensemble: 'orders', revision: 3, input: secretInput, trigger: { type: 'manual' }, agents: ['a'] },
  } as RunEvent;
  const succeeded = {
    ...base,
    type: 'AgentSucceeded',
    version: 2,
    seq: 4,
    data: { agent: 'a', level: 'attempt', iteration: 0, attempt: 1, taskId: 't', output: { total: 4242 } },
  } as RunEvent;

  it('encrypts the payload fields and keeps the envelope (type, run, seq, agent) readable', () => {
    const sealedRequest = sealRunEvent(requested, codec);
    expect(sealedRequest).toMatchObject({ type: 'RunRequested', runId: 'r1', seq: 1 });
    expect(sealedRequest.data).toMatchObject({ ensemble: 'orders', revision: 3, agents: ['a'] });
    expect(JSON.stringify(sealedRequest)).not.toContain('4242');
    const sealedSuccess = sealRunEvent(succeeded, codec);
    expect(sealedSuccess.data).toMatchObject({ agent: 'a', attempt: 1 });
    expect(JSON.stringify(sealedSuccess)).not.toContain('4242');
    expect(openRunEvent(sealedRequest, codec)).toEqual(requested);
    expect(openRunEvent(sealedSuccess, codec)).toEqual(succeeded);
  });

  it("seals a loop's items one by one, so their count stays readable (the projector needs it)", () => {
    const scheduled = {
      ...base,
      type: 'AgentScheduled',
      seq: 3,
      data: {
        agent: 'a',
        iteration: 0,
        attempt: 1,
        taskId: 't',
        item: 'x-4242',
        items: ['x-4242', 'y-4242'],
      },
    } as RunEvent;
    const sealed = sealRunEvent(scheduled, codec);
    const { items, item } = sealed.data as { items: unknown[]; item: unknown };
    expect(items).toHaveLength(2);
    expect(items.every(isPayloadEnvelope)).toBe(true);
    expect(isPayloadEnvelope(item)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('4242');
    expect(openRunEvent(sealed, codec)).toEqual(scheduled);
  });

  it('leaves events as they are without a key', () => {
    expect(sealRunEvent(requested, createPayloadCodec())).toBe(requested);
    expect(openRunEvent(requested, createPayloadCodec())).toBe(requested);
    expect(openRunEvent(requested, codec)).toBe(requested);
  });
});

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

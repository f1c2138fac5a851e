import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayloadKey } from './payload-keys';

/**
 * An encrypted JSON value as it is stored (in a stream message or a jsonb column): AES-256-GCM of
 * the value's JSON text, with the id of the key that encrypted it, a random 96-bit IV and the
 * 128-bit authentication tag (all base64).
 */
export interface PayloadEnvelope {
  readonly $enc: 'v1';
  readonly kid: string;
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

export type PayloadDecryptErrorCode = 'unknown-key' | 'tampered' | 'malformed';

/** An envelope that cannot be opened: its key is not configured, or it was altered. */
export class PayloadDecryptError extends Error {
  override readonly name = 'PayloadDecryptError';
  constructor(
    readonly code: PayloadDecryptErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Encrypts payloads where they are written and decrypts them where they are read. Without a key it
 * writes values as they are and refuses to read an envelope (PayloadDecryptError `unknown-key`), so
 * a service missing the key fails loudly instead of working on ciphertext.
 */
export interface PayloadCodec {
  /** Whether `seal` encrypts (a key is configured). */
  readonly encrypting: boolean;
  /** A JSON value → its envelope; without a key, or for `undefined`, the value itself. */
  seal(value: unknown): unknown;
  /** An envelope → the value it holds; anything else is returned as it is. */
  openValue(value: unknown): unknown;
  /** Every envelope anywhere in a JSON value (objects, arrays) → the value it holds. */
  open(value: unknown): unknown;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isPayloadEnvelope(value: unknown): value is PayloadEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $enc?: unknown }).$enc === 'v1' &&
    typeof (value as { kid?: unknown }).kid === 'string'
  );
}

/** The codec for these keys (the first encrypts, all decrypt); none: payloads are stored in clear. */
export function createPayloadCodec(keys: readonly PayloadKey[] = []): PayloadCodec {
  const byId = new Map(keys.map((key) => [key.kid, key.key]));
  const current = keys[0];

  const seal = (value: unknown): unknown => {
    if (current === undefined || value === undefined) return value;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $enc: 'v1',
      kid: current.kid,
      iv: iv.toString('base64'),
      data: data.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    } satisfies PayloadEnvelope;
  };

  const decrypt = (envelope: PayloadEnvelope): unknown => {
    const key = byId.get(envelope.kid);
    if (key === undefined) {
      throw new PayloadDecryptError(
        'unknown-key',
        keys.length === 0
          ? `a payload is encrypted with key '${envelope.kid}' and BATON_PAYLOAD_KEY is not set`
          : `a payload is encrypted with key '${envelope.kid}', which BATON_PAYLOAD_KEY does not list`,
      );
    }
    const iv = base64Field(envelope, 'iv');
    const tag = base64Field(envelope, 'tag');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new PayloadDecryptError(
        'malformed',
        `a payload envelope (key '${envelope.kid}') has a bad iv or tag`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv);
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(base64Field(envelope, 'data')), decipher.final()]);
      return JSON.parse(text.toString('utf8')) as unknown;
    } catch {
      // GCM's only failure here is authentication: the envelope or its key is not the one written.
      throw new PayloadDecryptError(
        'tampered',
        `a payload encrypted with key '${envelope.kid}' fails authentication: it was altered, or the key changed`,
      );
    }
  };

  const openValue = (value: unknown): unknown => (isPayloadEnvelope(value) ? decrypt(value) : value);

  const open = (value: unknown): unknown => {
    if (isPayloadEnvelope(value)) return decrypt(value);
    if (Array.isArray(value)) {
      const opened = value.map(open);
      return opened.some((entry, index) => entry !== value[index]) ? opened : value;
    }
    if (typeof value !== 'object' || value === null) return value;
    let changed: Record<string, unknown> | undefined;
    for (const [name, entry] of Object.entries(value)) {
      const opened = open(entry);
      if (opened !== entry) (changed ??= { ...value })[name] = opened;
    }
    return changed ?? value;
  };

  return { encrypting: current !== undefined, seal, openValue, open };
}

function base64Field(envelope: PayloadEnvelope, field: 'iv' | 'data' | 'tag'): Buffer {
  const text = envelope[field];
  if (typeof text !== 'string') {
    throw new PayloadDecryptError('malformed', `a payload envelope (key '${envelope.kid}') has no ${field}`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * `BATON_PAYLOAD_KEY`: `<kid>:<base64 of 32 bytes>[,<kid>:<key>…]`. The first key encrypts, every
 * key decrypts, so a key is rotated by putting a new one first and keeping the old ones while
 * payloads they encrypted are still stored. Errors name the entry by position and key id, never
 * the key material.
 */
export interface PayloadKey {
  /** Written in each envelope, so a reader picks the key that encrypted it. */
  readonly kid: string;
  readonly key: Buffer;
}

export class PayloadKeyError extends Error {
  override readonly name = 'PayloadKeyError';
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
export const PAYLOAD_KEY_BYTES = 32;

export function parsePayloadKeys(text: string): PayloadKey[] {
  const entries = text.split(',').map((entry) => entry.trim());
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1));
  const seen = new Set<string>();
  for (const { kid } of keys) {
    if (seen.has(kid)) throw new PayloadKeyError(`BATON_PAYLOAD_KEY names key id '${kid}' twice`);
    seen.add(kid);
  }
  return keys;
}

function parseEntry(entry: string, position: number): PayloadKey {
  const where = `BATON_PAYLOAD_KEY entry ${position}`;
  const colon = entry.indexOf(':');
  if (colon < 0) throw new PayloadKeyError(`${where} is not <kid>:<base64 key>`);
  const kid = entry.slice(0, colon);
  const material = entry.slice(colon + 1);
  if (!KEY_ID.test(kid)) {
    throw new PayloadKeyError(`${where}: the key id must be 1-64 letters, digits, '.', '_' or '-'`);
  }
  if (!BASE64.test(material) || material === '') {
    throw new PayloadKeyError(`${where} (key id '${kid}'): the key is not base64`);
  }
  const key = Buffer.from(material, 'base64');
  if (key.length !== PAYLOAD_KEY_BYTES) {
    throw new PayloadKeyError(
      `${where} (key id '${kid}'): the key is ${key.length} bytes; AES-256 needs ${PAYLOAD_KEY_BYTES} (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return { kid, key };
}

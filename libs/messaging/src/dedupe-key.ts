import { createHash } from 'node:crypto';

/** Longest base64url form kept readable; longer keys are hashed so every KV key stays short. */
const MAX_READABLE_LENGTH = 200;

/**
 * Maps an arbitrary dedupe key (trigger + delivery id: any bytes a sender chose) to a valid KV key.
 * `k_<base64url of the UTF-8 key>` is reversible, so operators can read it back; a key whose
 * encoding is longer than 200 characters becomes `h_<base64url SHA-256>`. The two prefixes keep the
 * forms from ever colliding, and base64url's alphabet is all valid in KV keys.
 */
export function dedupeKvKey(key: string): string {
  const readable = Buffer.from(key, 'utf8').toString('base64url');
  if (readable.length <= MAX_READABLE_LENGTH) return `k_${readable}`;
  return `h_${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

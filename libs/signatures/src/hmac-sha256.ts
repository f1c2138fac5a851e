import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of the parts concatenated; parts stay bytes, so a body is never re-encoded. */
export function hmacSha256(key: string | Buffer, parts: ReadonlyArray<string | Buffer>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Hex HMAC of `<timestamp>.<body>`: Stripe's v1 signature and Baton's notification signature. */
export function timestampedHexSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return hmacSha256(secret, [`${timestamp}.`, body]).toString('hex');
}

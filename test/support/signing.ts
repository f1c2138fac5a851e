import { createHmac } from 'node:crypto';

/** A hex HMAC-SHA256 of the raw body, made with node:crypto (not Baton's signer). */
export function hexHmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

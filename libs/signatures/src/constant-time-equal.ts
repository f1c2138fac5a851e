import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a signature we computed (`expected`) with one a sender sent, in time that does not
 * depend on where they differ.
 *
 * Only the lengths are compared first: `expected` is always the encoding of a fixed-size digest
 * (64 hex characters for HMAC-SHA256, 44 base64 characters), so its length is public and saying
 * that a candidate of another length is wrong tells an attacker nothing. Both sides are compared as
 * their UTF-8 bytes, so no two different strings compare equal.
 */
export function constantTimeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

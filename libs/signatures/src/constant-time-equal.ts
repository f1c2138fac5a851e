import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two signature strings in time that depends on neither their content nor their length.
 *
 * `timingSafeEqual` needs equal-length inputs, and returning early when lengths differ would tell
 * an attacker the expected length. Both sides are first hashed with SHA-256, so the buffers compared
 * are always 32 bytes; equal digests mean equal strings (a collision is computationally infeasible).
 */
export function constantTimeEqual(expected: string, received: string): boolean {
  return timingSafeEqual(sha256(expected), sha256(received));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

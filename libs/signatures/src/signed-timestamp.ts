import { verificationFailure, type VerificationFailure } from './webhook-verification';

/** Parses a unix-seconds timestamp as senders write it: digits only. */
export function parseUnixSeconds(text: string): number | undefined {
  return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/**
 * Refuses a signed timestamp too far from now, in the past (a replay) or in the future (a sender
 * clock far off, or a signature minted ahead for later replay).
 */
export function checkTimestampTolerance(
  timestamp: number,
  nowMs: number,
  toleranceSeconds: number,
): VerificationFailure | undefined {
  const distance = Math.abs(Math.floor(nowMs / 1000) - timestamp);
  if (distance <= toleranceSeconds) return undefined;
  return verificationFailure(
    'stale-timestamp',
    `the signed timestamp ${timestamp} is ${distance} s away from now (tolerance ${toleranceSeconds} s)`,
  );
}

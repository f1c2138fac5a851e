import type { VerificationFailureCode, WebhookVerification } from '../webhook-verification';

/** Asserts a refusal with `code` whose message does not give the secret away. */
export function expectRefusal(
  result: WebhookVerification,
  code: VerificationFailureCode,
  secret: string,
): void {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) {
    expect(result.message.length).toBeGreaterThan(0);
    expect(result.message).not.toContain(secret);
  }
}

/** One byte of the body changed (the last one, +1), everything else identical. */
export function withOneByteAltered(body: Buffer): Buffer {
  const altered = Buffer.from(body);
  altered[altered.length - 1] = (altered[altered.length - 1] + 1) % 256;
  return altered;
}

/** A fixed instant for the specs: 2026-01-15T12:00:00Z, in milliseconds. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const NOW_SECONDS = Math.floor(NOW / 1000);

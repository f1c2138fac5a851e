import { constantTimeEqual } from '../constant-time-equal';
import { headerValues } from '../header-values';
import { timestampedHexSignature } from '../hmac-sha256';
import { checkTimestampTolerance, parseUnixSeconds } from '../signed-timestamp';
import { verificationFailure, verificationSuccess } from '../webhook-verification';
import type { SignatureScheme } from './signature-scheme';

interface StripeSignatureHeader {
  readonly timestamp: number | undefined;
  readonly v1: readonly string[];
}

/** `t=<unix s>,v1=<hex>,v1=<hex>,v0=…`: several v1 values appear while a secret is being rolled. */
function parseStripeHeader(values: readonly string[]): StripeSignatureHeader {
  let timestamp: number | undefined;
  const v1: string[] = [];
  for (const item of values.flatMap((value) => value.split(','))) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') timestamp ??= parseUnixSeconds(value);
    if (key === 'v1') v1.push(value.toLowerCase());
  }
  return { timestamp, v1 };
}

/** Stripe puts the event id in the body; the body is JSON by contract, but a sender may lie. */
function stripeEventId(rawBody: Buffer): string | undefined {
  let event: unknown;
  try {
    event = JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Stripe: `Stripe-Signature: t=…,v1=…`, hex HMAC of `<t>.<body>` keyed by the whole `whsec_…` string. */
export const stripeScheme: SignatureScheme = {
  defaultHeader: 'stripe-signature',

  verify({ secret, signatureHeader, toleranceSeconds, rawBody, headers, now }) {
    const values = headerValues(headers, signatureHeader);
    if (values.length === 0) {
      return verificationFailure('missing-signature', `the ${signatureHeader} header is missing`);
    }
    const { timestamp, v1 } = parseStripeHeader(values);
    if (timestamp === undefined || v1.length === 0) {
      return verificationFailure(
        'bad-signature',
        `the ${signatureHeader} header has no t=<timestamp> or no v1=<signature>`,
      );
    }
    const expected = timestampedHexSignature(secret, timestamp, rawBody);
    if (!v1.some((candidate) => constantTimeEqual(expected, candidate))) {
      return verificationFailure(
        'bad-signature',
        `no v1 signature in the ${signatureHeader} header matches the body`,
      );
    }
    return (
      checkTimestampTolerance(timestamp, now, toleranceSeconds) ?? verificationSuccess(stripeEventId(rawBody))
    );
  },

  sign({ secret, signatureHeader, rawBody, now }) {
    const timestamp = Math.floor(now / 1000);
    return { [signatureHeader]: `t=${timestamp},v1=${timestampedHexSignature(secret, timestamp, rawBody)}` };
  },
};

import { constantTimeEqual } from '../constant-time-equal';
import { firstHeaderValue, headerValues } from '../header-values';
import { checkTimestampTolerance, parseUnixSeconds } from '../signed-timestamp';
import { STANDARD_WEBHOOKS_SECRET_RULE, standardWebhooksKey } from '../standard-webhooks-secret';
import {
  STANDARD_WEBHOOKS_HEADERS,
  standardWebhooksHeaders,
  standardWebhooksSignature,
} from '../standard-webhooks-signature';
import { WebhookSigningError } from '../webhook-signing-error';
import { verificationFailure, verificationSuccess } from '../webhook-verification';
import type { SignatureScheme } from './signature-scheme';

/** `v1,<base64> v1,<base64> …`: other versions (e.g. asymmetric `v1a`) are ignored. */
function v1Signatures(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(' '))
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice('v1,'.length));
}

/** Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`, `whsec_` secrets. */
export const standardWebhooksScheme: SignatureScheme = {
  defaultHeader: STANDARD_WEBHOOKS_HEADERS.signature,

  verify({ secret, signatureHeader, toleranceSeconds, rawBody, headers, now }) {
    const key = standardWebhooksKey(secret);
    if (key === undefined) return verificationFailure('bad-secret', STANDARD_WEBHOOKS_SECRET_RULE);
    const id = firstHeaderValue(headers, STANDARD_WEBHOOKS_HEADERS.id);
    const timestampText = firstHeaderValue(headers, STANDARD_WEBHOOKS_HEADERS.timestamp);
    const received = headerValues(headers, signatureHeader);
    const missing = [
      id === undefined ? STANDARD_WEBHOOKS_HEADERS.id : undefined,
      timestampText === undefined ? STANDARD_WEBHOOKS_HEADERS.timestamp : undefined,
      received.length === 0 ? signatureHeader : undefined,
    ].filter((name) => name !== undefined);
    if (id === undefined || timestampText === undefined || missing.length > 0) {
      return verificationFailure('missing-signature', `missing header(s): ${missing.join(', ')}`);
    }
    const timestamp = parseUnixSeconds(timestampText);
    if (timestamp === undefined) {
      return verificationFailure(
        'bad-signature',
        `the ${STANDARD_WEBHOOKS_HEADERS.timestamp} header is not unix seconds`,
      );
    }
    const expected = standardWebhooksSignature(key, id, timestamp, rawBody);
    if (!v1Signatures(received).some((candidate) => constantTimeEqual(expected, candidate))) {
      return verificationFailure(
        'bad-signature',
        `no v1 signature in the ${signatureHeader} header matches the body`,
      );
    }
    return checkTimestampTolerance(timestamp, now, toleranceSeconds) ?? verificationSuccess(id);
  },

  sign({ secret, signatureHeader, rawBody, now, deliveryId }) {
    const key = standardWebhooksKey(secret);
    if (key === undefined) throw new WebhookSigningError(STANDARD_WEBHOOKS_SECRET_RULE);
    return standardWebhooksHeaders(key, deliveryId, Math.floor(now / 1000), rawBody, signatureHeader);
  },
};

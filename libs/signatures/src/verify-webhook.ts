import { SIGNATURE_SCHEMES } from './signature-schemes';
import {
  DEFAULT_TOLERANCE_SECONDS,
  verificationFailure,
  verificationSuccess,
  type RequestHeaders,
  type VerifyWebhookInput,
  type WebhookVerification,
} from './webhook-verification';

/**
 * Checks an inbound webhook against its trigger's `auth`. Pure: the clock comes in as `now`.
 * Expected failures are values; the message is safe to return to the sender.
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookVerification {
  if (input.scheme === 'none') return verificationSuccess(undefined);
  // An unset secret is a configuration mistake: refuse rather than accept unsigned deliveries.
  if (input.secret === undefined || input.secret.length === 0) {
    return verificationFailure('bad-secret', `no secret is configured for the ${input.scheme} scheme`);
  }
  const scheme = SIGNATURE_SCHEMES[input.scheme];
  return scheme.verify({
    secret: input.secret,
    signatureHeader: (input.header ?? scheme.defaultHeader).toLowerCase(),
    toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    rawBody: input.rawBody,
    headers: input.headers,
    now: input.now,
  });
}

/** `POST /webhooks/generic`: `X-Webhook-Signature`, hex HMAC-SHA256 of the raw body with WEBHOOK_SECRET. */
export function verifyGenericWebhook(
  secret: string | undefined,
  rawBody: Buffer,
  headers: RequestHeaders,
  now: number,
): WebhookVerification {
  return verifyWebhook({ scheme: 'hmac-sha256', secret, rawBody, headers, now });
}

import { timestampedHexSignature } from './hmac-sha256';
import { STANDARD_WEBHOOKS_SECRET_RULE, standardWebhooksKey } from './standard-webhooks-secret';
import { standardWebhooksHeaders } from './standard-webhooks-signature';
import { WebhookSigningError } from './webhook-signing-error';

export const NOTIFICATION_SIGNATURE_HEADER = 'X-Conductor-Signature';
export const NOTIFICATION_TIMESTAMP_HEADER = 'X-Conductor-Timestamp';

export type NotificationFormat = 'conductor' | 'standard-webhooks';

interface NotificationSigningBase {
  readonly secret: string;
  /** The exact bytes that will be sent. */
  readonly body: string | Buffer;
  /** Unix seconds (not milliseconds): the value of the timestamp header. */
  readonly timestamp: number;
}

export type NotificationSigningInput =
  | (NotificationSigningBase & { readonly format?: 'conductor' })
  | (NotificationSigningBase & {
      readonly format: 'standard-webhooks';
      /** `webhook-id`: the delivery id, the same on every attempt so receivers can dedupe. */
      readonly deliveryId: string;
    });

/**
 * Signature headers of an outbound execution notification. The default (`conductor`) format sends
 * `X-Conductor-Signature: sha256=<hex HMAC of "<timestamp>.<body>">` and `X-Conductor-Timestamp`;
 * `standard-webhooks` sends the three Standard Webhooks headers instead. Throws WebhookSigningError
 * when the secret cannot sign.
 */
export function signNotification(input: NotificationSigningInput): Record<string, string> {
  if (input.secret.length === 0)
    throw new WebhookSigningError('a notification signature needs a non-empty secret');
  if (input.format === 'standard-webhooks') {
    const key = standardWebhooksKey(input.secret);
    if (key === undefined) throw new WebhookSigningError(STANDARD_WEBHOOKS_SECRET_RULE);
    return standardWebhooksHeaders(key, input.deliveryId, input.timestamp, input.body);
  }
  return {
    [NOTIFICATION_SIGNATURE_HEADER]: `sha256=${timestampedHexSignature(input.secret, input.timestamp, input.body)}`,
    [NOTIFICATION_TIMESTAMP_HEADER]: String(input.timestamp),
  };
}

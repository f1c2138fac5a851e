import { createHash } from 'node:crypto';
import { SIGNATURE_SCHEMES } from './signature-schemes';
import { WebhookSigningError } from './webhook-signing-error';
import type { WebhookScheme } from './webhook-verification';

export interface SignWebhookOptions {
  /** Header carrying the signature, when the trigger names one. */
  readonly header?: string;
  /** `webhook-id` / `X-GitHub-Delivery`; default: derived from the body and time. */
  readonly deliveryId?: string;
}

/**
 * A delivery id that is stable for one body at one instant and differs otherwise, in UUID shape;
 * derived rather than random so signing stays a pure function.
 */
function derivedDeliveryId(rawBody: Buffer, now: number): string {
  const hex = createHash('sha256').update(`${now}.`).update(rawBody).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join(
    '-',
  );
}

/**
 * Headers a sender of `scheme` would attach to `rawBody` at `now` (ms): what `baton webhook send`
 * uses to try a trigger. Throws WebhookSigningError when the secret cannot sign.
 */
export function signWebhook(
  scheme: WebhookScheme,
  secret: string,
  rawBody: Buffer | string,
  now: number,
  options: SignWebhookOptions = {},
): Record<string, string> {
  if (scheme === 'none') return {};
  if (secret.length === 0) throw new WebhookSigningError(`a ${scheme} signature needs a non-empty secret`);
  const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8');
  const signer = SIGNATURE_SCHEMES[scheme];
  return signer.sign({
    secret,
    signatureHeader: (options.header ?? signer.defaultHeader).toLowerCase(),
    rawBody: body,
    now,
    deliveryId: options.deliveryId ?? derivedDeliveryId(body, now),
  });
}

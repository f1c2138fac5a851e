import { BatonSigningError } from '../errors';
import { base64, fromBase64, hex, hmacSha256, utf8 } from './hmac';

/** The signature schemes of Baton's webhook triggers (`auth.scheme`). */
export const WEBHOOK_SCHEMES = ['hmac-sha256', 'stripe', 'github', 'standard-webhooks', 'none'] as const;
export type WebhookScheme = (typeof WEBHOOK_SCHEMES)[number];

export interface SignWebhookOptions {
  /** The header carrying the signature, when the trigger names one (`auth.header`). */
  readonly header?: string;
  /** `webhook-id` (standard-webhooks) or `x-github-delivery` (github); default: a random UUID. */
  readonly deliveryId?: string;
  /** When the delivery is signed (stripe and standard-webhooks sign it); default: now. */
  readonly timestamp?: Date | number;
}

const DEFAULT_HEADERS: Record<Exclude<WebhookScheme, 'none'>, string> = {
  'hmac-sha256': 'x-webhook-signature',
  stripe: 'stripe-signature',
  github: 'x-hub-signature-256',
  'standard-webhooks': 'webhook-signature',
};

/**
 * The headers a sender of `scheme` attaches to `body`: send them with exactly these bytes.
 *
 * - `hmac-sha256`: `x-webhook-signature: <hex HMAC-SHA256 of the body>` (also `/webhooks/generic`).
 * - `stripe`: `stripe-signature: t=<unix s>,v1=<hex HMAC of "<t>.<body>">`, keyed by the whole `whsec_…`.
 * - `github`: `x-hub-signature-256: sha256=<hex>` and `x-github-delivery`.
 * - `standard-webhooks`: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC of
 *   "<id>.<timestamp>.<body>">`, keyed by the base64 of the `whsec_` secret.
 * - `none`: no header.
 *
 * Header names are lower-case. Throws BatonSigningError when the secret cannot sign (empty, or a
 * standard-webhooks secret that is not base64); the message never contains the secret.
 */
export async function signWebhook(
  scheme: WebhookScheme,
  secret: string,
  body: string | Uint8Array,
  options: SignWebhookOptions = {},
): Promise<Record<string, string>> {
  if (scheme === 'none') return {};
  if (!(scheme in DEFAULT_HEADERS)) {
    throw new BatonSigningError(`unknown scheme '${String(scheme)}': one of ${WEBHOOK_SCHEMES.join(', ')}`);
  }
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new BatonSigningError(`a ${scheme} signature needs a non-empty secret`);
  }
  const bytes = typeof body === 'string' ? utf8(body) : body;
  const header = (options.header ?? DEFAULT_HEADERS[scheme]).toLowerCase();
  const seconds = Math.floor(timestampMs(options.timestamp) / 1000);
  switch (scheme) {
    case 'hmac-sha256':
      return { [header]: hex(await hmacSha256(utf8(secret), [bytes])) };
    case 'github':
      return {
        [header]: `sha256=${hex(await hmacSha256(utf8(secret), [bytes]))}`,
        'x-github-delivery': options.deliveryId ?? crypto.randomUUID(),
      };
    case 'stripe': {
      const signature = hex(await hmacSha256(utf8(secret), [utf8(`${seconds}.`), bytes]));
      return { [header]: `t=${seconds},v1=${signature}` };
    }
    case 'standard-webhooks': {
      const key = fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
      if (key === undefined) {
        throw new BatonSigningError(
          'a standard-webhooks secret must be base64, optionally prefixed with whsec_',
        );
      }
      const id = options.deliveryId ?? `msg_${crypto.randomUUID()}`;
      const signature = base64(await hmacSha256(key, [utf8(`${id}.${seconds}.`), bytes]));
      return { 'webhook-id': id, 'webhook-timestamp': String(seconds), [header]: `v1,${signature}` };
    }
  }
}

function timestampMs(timestamp: Date | number | undefined): number {
  if (timestamp === undefined) return Date.now();
  return typeof timestamp === 'number' ? timestamp : timestamp.getTime();
}

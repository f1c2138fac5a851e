const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const STANDARD_WEBHOOKS_SECRET_RULE =
  'a standard-webhooks secret must be base64, optionally prefixed with whsec_';

/**
 * The HMAC key of a Standard Webhooks secret: `whsec_<base64>` (the prefix is optional, as in the
 * reference libraries). Undefined when the text is not strict, non-empty base64.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || !BASE64.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64');
}

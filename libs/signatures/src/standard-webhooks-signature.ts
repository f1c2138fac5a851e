import { hmacSha256 } from './hmac-sha256';

export const STANDARD_WEBHOOKS_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** Base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`, as the Standard Webhooks specification signs. */
export function standardWebhooksSignature(
  key: Buffer,
  id: string,
  timestamp: number,
  body: string | Buffer,
): string {
  return hmacSha256(key, [`${id}.${timestamp}.`, body]).toString('base64');
}

/** The three headers of a signed Standard Webhooks delivery. */
export function standardWebhooksHeaders(
  key: Buffer,
  id: string,
  timestamp: number,
  body: string | Buffer,
  signatureHeader: string = STANDARD_WEBHOOKS_HEADERS.signature,
): Record<string, string> {
  return {
    [STANDARD_WEBHOOKS_HEADERS.id]: id,
    [STANDARD_WEBHOOKS_HEADERS.timestamp]: String(timestamp),
    [signatureHeader]: `v1,${standardWebhooksSignature(key, id, timestamp, body)}`,
  };
}

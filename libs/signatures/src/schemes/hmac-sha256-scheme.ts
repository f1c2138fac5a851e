import { hexHmacScheme } from './hex-hmac-scheme';

/** Hex HMAC-SHA256 of the raw body in one header, `sha256=` prefix optional (also /webhooks/generic). */
export const hmacSha256Scheme = hexHmacScheme({ defaultHeader: 'x-webhook-signature', prefix: 'optional' });
